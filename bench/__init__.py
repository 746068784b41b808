"""`make bench`: throughput against measured floors, big-data timings, memory, bytes (issue #6)."""
