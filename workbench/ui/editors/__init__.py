"""Cell editors for catalogue parameters, validated by the catalogue."""
