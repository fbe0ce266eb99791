"""Fan-out to worker functions and a fan-in that cannot miss a fast completion."""
