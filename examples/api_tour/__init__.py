"""Every step API in its simplest correct form, in one tested workflow: the source of SKILL.md's quick reference."""
