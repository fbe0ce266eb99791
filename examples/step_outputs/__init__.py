"""What a step may return: JSON values round-trip; datetimes, models and objects need converting (or a serializer)."""
