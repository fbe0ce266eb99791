"""Stand-ins for the outside world: an LLM service, an email provider, a dialer.

Replace these with real clients. They are deterministic so tests can assert on
results, and they record every call in `ledger` so tests can count side effects.
Each returns plain JSON-serializable dicts, because a step's return value is
stored by Inngest as JSON and handed back on replay.
"""

from collections import Counter

# (lead_id, action) -> how many times the side effect really happened.
ledger: Counter = Counter()
outbox: list[dict] = []  # emails "sent"
calls: list[dict] = []  # phone calls "placed"


async def create_profile(lead_id: str, lead: dict) -> dict:
    ledger[(lead_id, "create-profile")] += 1
    employees = int(lead.get("company_size", 0))
    return {
        "individual_profile": {"name": lead["name"], "role": lead.get("role", "unknown")},
        "company_profile": {"name": lead.get("company", ""), "segment": "enterprise" if employees >= 500 else "smb"},
    }


async def create_offer(lead_id: str, individual: dict, company: dict) -> dict:
    ledger[(lead_id, "create-offer")] += 1
    plan = "enterprise-pilot" if company["segment"] == "enterprise" else "starter-trial"
    return {"plan": plan, "discount_pct": 20 if company["segment"] == "smb" else 0}


async def create_strategy(lead_id: str, profile: dict, offer: dict, has_phone: bool) -> dict:
    ledger[(lead_id, "create-strategy")] += 1
    # Enterprise leads with a phone number get a call; everyone else an email.
    phone_first = has_phone and profile["company_profile"]["segment"] == "enterprise"
    return {"first_method": "phone" if phone_first else "email", "offer_plan": offer["plan"]}


async def write_email(lead_id: str, profile: dict, offer: dict) -> dict:
    ledger[(lead_id, "create-email")] += 1
    name = profile["individual_profile"]["name"]
    return {"subject": f"{name}, your {offer['plan']}", "body": f"Hi {name}, here is {offer['discount_pct']}% off."}


async def send_email(lead_id: str, to: str, email: dict) -> dict:
    ledger[(lead_id, "send-email")] += 1
    outbox.append({"lead_id": lead_id, "to": to, **email})
    return {"message_id": f"msg-{lead_id}", "to": to}


async def write_call_script(lead_id: str, profile: dict, offer: dict) -> dict:
    ledger[(lead_id, "create-call-script")] += 1
    return {"opening": f"Hello {profile['individual_profile']['name']}", "pitch": offer["plan"]}


async def place_call(lead_id: str, phone: str, script: dict) -> dict:
    ledger[(lead_id, "place-call")] += 1
    calls.append({"lead_id": lead_id, "phone": phone, "script": script})
    return {"call_id": f"call-{lead_id}", "phone": phone}
