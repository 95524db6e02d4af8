"""Org diagnostics for HR: calibration signals, trends, goal design and data quality, in an aggregate view
(groups under the threshold suppressed, with complementary suppression) and an HR view that may name people."""
