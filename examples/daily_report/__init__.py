"""A cron-scheduled daily report whose body is proven by invoking it, without waiting for the clock."""
