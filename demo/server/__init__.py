"""A local server speaking the vendors' real API contracts over the generated demo company.

Each system (Salesforce, HubSpot, Jira, GitHub, Shopify, HRIS) listens on its own loopback port; all
share one read-only store, one clock, fault rules and request counters. See demo/STORE.md for the data
and ../shared/SOURCES.md for the contracts.
"""

from demo.server.clock import DEMO_CLOCK_START
from demo.server.credentials import DEMO_TOKENS
from demo.server.faults import SYSTEMS, FaultRuleError
from demo.server.server import DemoServer, start
from demo.server.state import ServerLimits

__all__ = ["DEMO_CLOCK_START", "DEMO_TOKENS", "SYSTEMS", "DemoServer", "FaultRuleError", "ServerLimits", "start"]
