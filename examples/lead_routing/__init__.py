"""A new lead is profiled, offered, given a strategy, then emailed or phoned."""
