"""The schedule is part of the function's registration (read when the app is
synced), so it is a constant here, not a run-time setting."""

# Minute hour day-of-month month day-of-week, in the *server's* time zone
# (UTC on Inngest Cloud). Prefix "TZ=Europe/Berlin " to pin a zone.
DAILY_REPORT_CRON = "0 9 * * *"
# Spread the start over up to 2 minutes so many apps' 9:00 jobs do not all hit
# the database at once. The server accepts 1 s to 5 min (and rejects the sync otherwise).
DAILY_REPORT_JITTER = "2m"
