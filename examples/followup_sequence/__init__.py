"""A follow-up email sequence with durable sleeps, cancelled when the lead converts."""
