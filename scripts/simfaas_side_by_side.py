#!/usr/bin/env python3
"""archflow's `simulate` against SimFaaS 0.2.2 on SimFaaS's README case, in one run on one machine.

Usage: simfaas_side_by_side.py SIMULATE_BINARY [RUNS]
The case: Poisson arrivals at 0.9/s, warm service exponential with mean 1.991 s, cold 2.244 s,
instances expire after 600 s idle, 10^6 simulated seconds (scenarios/simfaas-readme.json). Both
tools run it RUNS times (default 3), alternating; the script prints each tool's requests per second
of wall time, their ratio, and both tools' results, which must agree for the comparison to count.
"""
import json
import subprocess
import sys
import time

from simfaas.ServerlessSimulator import ServerlessSimulator

SCENARIO = "scenarios/simfaas-readme.json"


def run_simfaas(seed):
    import numpy as np

    np.random.seed(seed)
    sim = ServerlessSimulator(
        arrival_rate=0.9,
        warm_service_rate=1 / 1.991,
        cold_service_rate=1 / 2.244,
        expiration_threshold=600,
        max_time=1e6,
    )
    start = time.perf_counter()
    sim.generate_trace(debug_print=False, progress=False)
    seconds = time.perf_counter() - start
    r = sim.get_result_dict()
    return seconds, r["reqs_total"], r["prob_cold"], r["inst_count_avg"]


def run_archflow(binary):
    start = time.perf_counter()
    out = subprocess.run([binary, SCENARIO], check=True, capture_output=True).stdout
    seconds = time.perf_counter() - start
    r = json.loads(out)["architectures"]["serverless"]
    # SimFaaS divides cold starts by all arrivals; so does this report (see README).
    return seconds, r["requests"], r["cold_start_probability"], r["avg_instances"]


def main():
    binary = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    ratios = []
    for i in range(runs):
        s_sec, s_req, s_cold, s_inst = run_simfaas(i + 1)
        a_sec, a_req, a_cold, a_inst = run_archflow(binary)
        s_rate, a_rate = s_req / s_sec, a_req / a_sec
        ratios.append(a_rate / s_rate)
        print(
            f"run {i + 1}: SimFaaS {s_rate:,.0f} requests/s ({s_sec:.2f} s; cold {s_cold:.5f}, "
            f"instances {s_inst:.2f}); archflow {a_rate:,.0f} requests/s ({a_sec:.2f} s; cold "
            f"{a_cold:.5f}, instances {a_inst:.2f}); archflow/SimFaaS = {a_rate / s_rate:.1f}"
        )
        if abs(a_inst / s_inst - 1) > 0.05:
            print("the two tools disagree on the result; the speed comparison does not count")
            sys.exit(1)
    print(f"archflow/SimFaaS speed: {min(ratios):.1f} to {max(ratios):.1f} over {runs} runs")


main()
