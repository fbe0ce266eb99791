"""The one list of served functions. A workflow missing here is never synced."""

from .workflows.billing import charge_invoice
from .workflows.notifications import deliver_notification
from .workflows.onboarding import onboard_user

# --8<-- [start:registry]
functions = [
    onboard_user,
    deliver_notification,
    charge_invoice,
]
# --8<-- [end:registry]
