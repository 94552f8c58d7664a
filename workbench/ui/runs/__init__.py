"""Background runs: the one worker-to-GUI-thread bridge and the controller that turns state into run requests."""
