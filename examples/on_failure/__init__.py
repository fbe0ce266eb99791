"""on_failure: a handler that runs once when a function has finally failed, with the failure event."""
