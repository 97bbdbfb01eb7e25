"""Messages Front Door starts: a paced queue, WhatsApp templates, fallbacks, cost (issue #19)."""
