"""The suite's table: a speed-up under the target is not called missed when the machine was too noisy
to judge it."""

from __future__ import annotations

from benchmarks.run import _noise, _speedup_verdict


def test_a_calm_run_gets_a_verdict():
    calm = {"one_worker_runs_s": [103, 107], "two_workers_runs_s": [61, 64], "ceiling_rounds": [2.05, 2.01, 2.03]}
    assert _noise(calm) == ""
    assert _noise({"one_worker_runs_s": [103], "two_workers_runs_s": [61]}) == ""  # older results: one run each


def test_runs_far_apart_or_a_wide_ceiling_make_it_unsure():
    assert "unsure" in _noise({"one_worker_runs_s": [135, 122], "two_workers_runs_s": [63, 66]})
    assert "unsure" in _noise({"one_worker_runs_s": [103, 104], "two_workers_runs_s": [61, 62],
                               "ceiling_rounds": [2.29, 1.76, 2.02]})


def test_one_slow_run_of_three_is_set_aside_when_the_two_fastest_agree():
    assert _noise({"one_worker_runs_s": [142, 134, 136], "two_workers_runs_s": [81, 70, 71]}) == ""
    assert "unsure" in _noise({"one_worker_runs_s": [142, 134, 150], "two_workers_runs_s": [81, 70, 71]})


def test_noise_withholds_a_missed_verdict_and_not_a_met_one():
    noisy = {"one_worker_runs_s": [137, 141, 124], "two_workers_runs_s": [81, 73, 70]}
    calm = {"one_worker_runs_s": [124, 126, 128], "two_workers_runs_s": [80, 81, 82]}
    assert _noise(noisy) and not _noise(calm)
    assert _speedup_verdict(1.76, noisy) == "[green]met[/green] (noisy machine)"
    assert "unsure" in _speedup_verdict(1.61, noisy)
    assert _speedup_verdict(1.55, calm) == "[red]missed[/red]"
    assert _speedup_verdict(1.76, calm) == "[green]met[/green]"
