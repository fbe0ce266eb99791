"""Stand-ins for the database, CRM, mailer and payment provider; every call is counted."""

from collections import Counter

ledger: Counter = Counter()  # (business id, action) -> count
outbox: list[dict] = []


async def create_workspace(user_id: str, plan: str) -> dict:
    ledger[(user_id, "create-workspace")] += 1
    return {"workspace_id": f"ws-{user_id}", "plan": plan}


async def add_to_crm(user_id: str, email: str) -> dict:
    ledger[(user_id, "add-to-crm")] += 1
    return {"crm_contact_id": f"crm-{user_id}"}


async def charge(invoice_id: str, amount_cents: int) -> dict:
    ledger[(invoice_id, "charge")] += 1
    return {"charge_id": f"ch-{invoice_id}", "amount_cents": amount_cents}


async def deliver(recipient: str, template: str, ref: str) -> dict:
    ledger[(ref, f"deliver:{template}")] += 1
    outbox.append({"to": recipient, "template": template, "ref": ref})
    return {"message_id": f"{template}-{ref}"}
