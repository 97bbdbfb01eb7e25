"""The one client of Front Door's internal API (`/internal/...`, service token), used by the action
server (actions/), the channels and outbound messages (bot/) and the scheduler.

settings.py reads API_URL and FRONTDOOR_SERVICE_TOKEN; transport.py holds the one HTTP transport
and error mapping (errors.py); one module per user or concept holds the endpoints and shaping:
conversation.py (action server), contacts.py (opt-outs, delivery status), scheduling.py
(check-ins, reminders, retention), assessments.py and bookings.py (request and response shapes).
It lives in bot/ because both processes of the bot image import bot/ already, bot/__init__ loads
nothing (no Rasa), and it must run on the bot env's Python 3.10 without api/ server code.
"""
