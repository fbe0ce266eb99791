"""Mistake: building if_exp with an f-string around a value ("async.data.lead_id == '{lead_id}'")."""
