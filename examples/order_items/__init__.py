"""One step per order line, with step ids taken from the data: retries and replays never redo a finished line."""
