"""Stand-ins for the report's data sources and the publishing system."""

from collections import Counter

ledger: Counter = Counter()  # (report_id, action) -> count

# Sections whose data source is slow, and sections that cannot render at all.
SLOW_SECTIONS = {"market-data"}
BROKEN_SECTIONS = {"legacy-kpis"}


def is_slow(section: str) -> bool:
    return section in SLOW_SECTIONS


def has_source(section: str) -> bool:
    return section not in BROKEN_SECTIONS


async def render_section(report_id: str, section: str) -> dict:
    ledger[(report_id, f"render-{section}")] += 1
    return {"section": section, "html": f"<h2>{section}</h2>", "words": 10 * len(section)}


async def publish(report_id: str, sections: list[dict]) -> dict:
    ledger[(report_id, "publish")] += 1
    return {"url": f"https://reports.example.com/{report_id}", "sections": len(sections)}
