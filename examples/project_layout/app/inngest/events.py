"""Every event name the app sends or listens to, in one place ({domain}/{noun}.{verb})."""

USER_SIGNED_UP = "acme/user.signed-up"
NOTIFICATION_REQUESTED = "acme/notification.requested"
INVOICE_CREATED = "acme/invoice.created"
