"""Word lists the generator draws names from (people, customers, work items)."""

from __future__ import annotations

import unicodedata


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and digits only, for email handles and logins ('Müller' → 'muller')."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


FIRST_NAMES = (
    "Anna", "Lukas", "Sofia", "Jonas", "Emma", "Felix", "Mia", "Leon", "Hannah", "Paul", "Lena", "Ben", "Clara",
    "Elias", "Marie", "Noah", "Lea", "Finn", "Laura", "Max", "Sara", "Erik", "Ida", "Oskar", "Elsa", "Nils",
    "Astrid", "Lars", "Freja", "Magnus", "Ingrid", "Henrik", "Olivia", "James", "Amelia", "Oliver", "Isla",
    "Harry", "Grace", "Jack", "Chloe", "George", "Ruby", "Thomas", "Emily", "Liam", "Aoife", "Sean", "Niamh",
    "Camille", "Louis", "Chloé", "Hugo", "Manon", "Jules", "Léa", "Arthur", "Inès", "Gabriel", "Julie", "Raphaël",
    "Sanne", "Daan", "Fleur", "Bram", "Eva", "Sem", "Lotte", "Ruben", "Noor", "Thijs", "Lucía", "Mateo", "Carmen",
    "Pablo", "Marta", "Diego", "Elena", "Javier", "Paula", "Álvaro", "Inês", "João", "Beatriz", "Tiago", "Maria",
    "Rui", "Ethan", "Ava", "Mason", "Madison", "Logan", "Harper", "Lucas", "Abigail", "Aiden", "Zoe", "Caleb",
    "Piotr", "Zofia", "Jakub", "Maja", "Kacper", "Alicja", "Tomasz", "Natalia", "Marco", "Giulia", "Luca",
    "Chiara", "Matteo", "Francesca", "Omar", "Leila", "Yusuf", "Amira", "Priya", "Arjun", "Mei", "Kenji", "Ana",
    "Ivan", "Katarina", "Mikael", "Helena", "Stefan", "Petra", "Andreas", "Julia", "Tobias", "Nina", "Simon",
)
LAST_NAMES = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
    "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Braun", "Zimmermann", "Hartmann", "Krüger",
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsen", "Hansen", "Nielsen",
    "Jensen", "Lindqvist", "Berg", "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Walsh",
    "Murphy", "O'Brien", "Kelly", "Byrne", "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard",
    "Petit", "Durand", "Leroy", "Moreau", "Laurent", "Lefebvre", "de Jong", "Jansen", "de Vries", "van Dijk",
    "Bakker", "Visser", "Smit", "Meijer", "Peeters", "Maes", "García", "Fernández", "González", "Rodríguez",
    "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Silva", "Santos", "Ferreira", "Pereira", "Costa",
    "Oliveira", "Johnson", "Miller", "Davis", "Anderson", "Clark", "Lewis", "Walker", "Young", "Allen",
    "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi",
    "Romano", "Haddad", "Rahman", "Khan", "Patel", "Sharma", "Chen", "Wang", "Tanaka", "Sato", "Novak",
    "Horvat", "Kovač", "Virtanen", "Korhonen", "Mäkinen", "Lehmann", "Kraus", "Vogel", "Frank", "Berger",
    "Roth", "Baumann", "Graf", "Kaiser", "Fuchs", "Lang", "Scholz", "Keller", "Huber", "Moser", "Brandt",
)
ACCOUNT_STEMS = (
    "Nordwind", "Alpen", "Blue Harbor", "Cedar", "Delta", "Evergreen", "Falcon", "Granite", "Harbour", "Iris",
    "Juniper", "Keystone", "Lighthouse", "Meridian", "Northstar", "Oakridge", "Pinnacle", "Quartz", "Riverside",
    "Summit", "Tidewater", "Umbra", "Vertex", "Westfield", "Yellowpine", "Zephyr", "Aurora", "Beacon", "Coastal",
    "Driftwood", "Ember", "Fjord", "Glacier", "Highland", "Ironwood", "Jade", "Kestrel", "Lumen", "Maple",
    "Nimbus", "Orchid", "Polar", "Redwood", "Sierra", "Timber", "Unity", "Valley", "Willow", "Atlas", "Borealis",
)
ACCOUNT_TRADES = ("Logistics", "Retail", "Foods", "Systems", "Health", "Energy", "Textiles", "Media", "Labs", "Motors")
DEAL_KINDS = ("new business", "renewal", "expansion", "pilot", "upgrade")
TASK_VERBS = ("Implement", "Refactor", "Add tests for", "Document", "Migrate", "Review", "Optimise", "Clean up")
TASK_OBJECTS = (
    "checkout flow", "order export", "search ranking", "price rules", "login page", "invoice PDF", "stock sync",
    "address validation", "API rate limiter", "feature flags", "audit log", "notification emails", "cart service",
    "payment retries", "returns portal", "product import", "report scheduler", "session handling",
)
QA_OBJECTS = ("regression suite", "smoke tests", "release checklist", "test data set", "load test", "test plan")
BUG_SYMPTOMS = (
    "Timeout", "Wrong total", "Crash on save", "500 error", "Missing translation", "Slow response",
    "Duplicate entry", "Broken link", "Stale cache", "Rounding error", "Blank screen", "Wrong currency",
)
SERVICE_REQUESTS = (
    "Customer cannot log in", "Refund request", "Change delivery address", "Invoice copy requested",
    "Order not received", "Update billing details", "Cancel subscription", "Damaged item reported",
    "Question about warranty", "Password reset not arriving", "Bulk order quote", "Return label request",
)
OPS_TASKS = (
    "Restock aisle", "Carrier pickup issue", "Inventory count", "Damaged parcel claim", "Relabel pallets",
    "Forklift inspection", "Returns sorting", "Packaging supply order", "Dock schedule change", "Cycle count",
)
ISSUE_IDEAS = (
    "Support dark mode", "Export as CSV", "Faster image loading", "Bulk edit products", "Keyboard shortcuts",
    "Improve error messages", "Add webhooks", "Document the release process", "Offline mode", "Localise dates",
)
