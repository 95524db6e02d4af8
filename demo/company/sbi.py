"""Sentence fragments for journal entries: situation, behaviour, impact (SBI) and milestones, per kind of team."""

from __future__ import annotations

SITUATIONS = {
    "sales": ("In the quarterly pipeline review", "During the negotiation with a key account",
              "At the partner kick-off", "While preparing a renewal proposal", "In a competitive tender"),
    "delivery": ("During the peak week at the fulfilment centre", "When a carrier missed two pickups",
                 "During the stock count", "When the returns backlog grew", "While onboarding seasonal staff"),
    "engineering": ("During the last release", "In the incident on the checkout service",
                    "While planning the sprint", "In the code review of a large change", "During the migration"),
    "support": ("During the escalation from a key customer", "When the ticket queue doubled after a release",
                "In the weekly quality review", "While handling a refund dispute", "During the holiday rush"),
    "qa": ("During the regression cycle", "Before the mobile release", "When a flaky test blocked the pipeline",
           "While preparing the test plan", "In the bug triage meeting"),
    "management": ("In the quarterly business review", "During the budget planning", "At the all-hands",
                   "While restructuring two teams", "In the leadership offsite"),
}
POSITIVE_BEHAVIOURS = (
    "{first} prepared a clear plan and kept everyone informed",
    "{first} took ownership and followed up without being asked",
    "{first} asked precise questions and shared the findings with the team",
    "{first} stayed calm, prioritised and handled the hardest cases personally",
    "{first} coached a newer colleague through the work",
)
CONSTRUCTIVE_BEHAVIOURS = (
    "{first} started late on the follow-up and did not flag the risk",
    "{first} worked alone and did not share the status until asked",
    "{first} skipped the agreed checklist",
    "{first} committed to a date without checking dependencies",
    "{first} left open questions unanswered for several days",
)
POSITIVE_IMPACTS = (
    "the work landed ahead of schedule", "the customer extended the contract",
    "the team avoided a second escalation", "the backlog was back to normal within a week",
    "other teams reused the approach",
)
CONSTRUCTIVE_IMPACTS = (
    "the deadline slipped by a week", "the customer escalated to management",
    "two colleagues had to redo part of the work", "the issue reappeared in production",
    "the team lost a day waiting for information",
)
MILESTONES = {
    "sales": ("Closed the largest deal of the quarter", "Completed the negotiation training",
              "Opened a new partner channel"),
    "delivery": ("Certified as forklift trainer", "Led the new packing-line rollout", "Completed the safety audit"),
    "engineering": ("Shipped the new payment flow", "Led the database migration", "Gave an internal tech talk"),
    "support": ("Reached the top customer-satisfaction score", "Wrote the new refund playbook",
                "Completed the product certification"),
    "qa": ("Automated the regression suite", "Introduced contract tests", "Ran the first load test"),
    "management": ("Completed the leadership programme", "Launched the new planning process",
                   "Hired two senior people"),
}
MILESTONE_BEHAVIOUR = "{first} drove it from plan to completion"
MILESTONE_IMPACT = "it is now part of how the team works"
