"""Stand-ins for the analytics database and the mailer; every call is counted."""

from collections import Counter

ledger: Counter = Counter()  # (report_date, action) -> count
outbox: list[dict] = []


async def collect_stats(report_date: str) -> dict:
    ledger[(report_date, "collect-stats")] += 1
    day = int(report_date[-2:])  # deterministic fake numbers
    return {"orders": 100 + day, "revenue": 1000.0 * day}


async def render_report(report_date: str, stats: dict) -> dict:
    ledger[(report_date, "render-report")] += 1
    return {"subject": f"Daily report {report_date}", "body": f"{stats['orders']} orders, {stats['revenue']:.2f} revenue"}


async def email_report(report_date: str, report: dict) -> dict:
    ledger[(report_date, "email-report")] += 1
    outbox.append({"to": "ops@example.com", "report_date": report_date, **report})
    return {"message_id": f"report-{report_date}"}
