"""Seeds say the default is 3 attempts/retries over ~2 hours; the server default is 4 retries = 5 attempts."""
