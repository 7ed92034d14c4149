#!/usr/bin/env python3
"""Writes the bundled traffic examples of the "Your traffic" chapter to examples/traffic/.

Every series here is SYNTHETIC: drawn from a seeded random generator around a shape described
below, not measured on any real system. Run it again and the files come out byte for byte the
same (python3 scripts/make_traffic_examples.py). Each file is a plain CSV: a time column in
ISO 8601 (UTC) and request counts per interval.

- business-hours-week.csv: 7 days of 5-minute counts from Monday 2025-11-17. Weekdays climb to
  about 30 requests/s between 08:00 and 18:00 (a lunch dip at 12:30), nights fall to about
  1 request/s, weekends stay near 3 requests/s.
- nightly-batch.csv: one day of 1-minute counts in two kinds: "browse" around 0.5 requests/s
  all day, and "report" only from 02:00 to 02:45, at about 20 requests/s (a nightly export).
- launch-day.csv: one day of 1-minute counts averaging about 50 requests/s: about 20 requests/s
  following the day, then a launch at 14:00 that jumps to about 370 requests/s and decays over
  the following hours.
"""
import math
import pathlib
import random
from datetime import datetime, timedelta, timezone

OUT = pathlib.Path(__file__).resolve().parent.parent / "examples" / "traffic"


def poisson(rng, mean):
    """A Poisson draw: Knuth's method for small means, a rounded normal for large ones."""
    if mean <= 0:
        return 0
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def stamp(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def business_hours_week(rng):
    start = datetime(2025, 11, 17, tzinfo=timezone.utc)
    lines = ["time,requests"]
    for i in range(7 * 24 * 12):
        t = start + timedelta(minutes=5 * i)
        hour = t.hour + t.minute / 60
        if t.weekday() < 5:
            # A smooth working day: up from 07:00, full from 08:00 to 18:00, down by 20:00.
            day = 1 / (1 + math.exp(-(hour - 7.5) * 3)) - 1 / (1 + math.exp(-(hour - 18.5) * 2))
            lunch = 1 - 0.3 * math.exp(-((hour - 12.5) ** 2) / 0.3)
            rate = 1 + 29 * max(day, 0) * lunch
        else:
            rate = 3
        lines.append(f"{stamp(t)},{poisson(rng, rate * 300)}")
    return lines


def nightly_batch(rng):
    start = datetime(2025, 11, 20, tzinfo=timezone.utc)
    lines = ["time,browse,report"]
    for i in range(24 * 60):
        t = start + timedelta(minutes=i)
        batch = 2 * 60 <= i < 2 * 60 + 45
        lines.append(f"{stamp(t)},{poisson(rng, 0.5 * 60)},{poisson(rng, 20 * 60) if batch else 0}")
    return lines


def launch_day(rng):
    start = datetime(2025, 11, 21, tzinfo=timezone.utc)
    lines = ["time,requests"]
    for i in range(24 * 60):
        t = start + timedelta(minutes=i)
        hour = i / 60
        daily = 20 * (1 + 0.5 * math.sin(2 * math.pi * (hour - 9) / 24))
        launch = 340 * math.exp(-(hour - 14) / 2.2) if hour >= 14 else 0
        lines.append(f"{stamp(t)},{poisson(rng, (daily + launch) * 60)}")
    return lines


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, make, seed in [
        ("business-hours-week.csv", business_hours_week, 1),
        ("nightly-batch.csv", nightly_batch, 2),
        ("launch-day.csv", launch_day, 3),
    ]:
        lines = make(random.Random(seed))
        (OUT / name).write_text("\n".join(lines) + "\n")
        print(f"{name}: {len(lines) - 1} rows")


if __name__ == "__main__":
    main()
