"""Dialogs: compare two scenarios, lock as offer, documents."""
