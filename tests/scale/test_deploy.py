"""The deployment files: Kubernetes manifests pass schema validation, HAProxy configs parse."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from deploy.local import REPO, haproxy_config
from tests.support import system

MANIFESTS = sorted((REPO / "deploy" / "k8s").glob("*.yaml"))
DOCKERFILES = sorted((REPO / "deploy" / "containers").glob("*.Dockerfile"))
BUILT_NOT_COMMITTED = {"models/current.tar.gz"}  # trained by `make setup` before `docker build`


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda p: p.name)
def test_kubernetes_manifests_are_valid_in_strict_mode(manifest: Path) -> None:
    documents = [d for d in yaml.safe_load_all(manifest.read_text(encoding="utf-8")) if d]
    assert documents
    for document in documents:
        kubernetes_validate.validate(document, "1.30", strict=True)


def test_every_part_of_the_scaled_topology_is_deployed() -> None:
    kinds = {
        (d["kind"], d["metadata"]["name"])
        for manifest in MANIFESTS
        for d in yaml.safe_load_all(manifest.read_text(encoding="utf-8"))
        if d
    }
    for workload in (("StatefulSet", "rasa"), ("Deployment", "actions"), ("Deployment", "api")):
        assert workload in kinds
    assert ("Job", "api-migrate") in kinds and ("Deployment", "haproxy") in kinds


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: p.name)
def test_dockerfiles_copy_only_what_exists(dockerfile: Path) -> None:
    sources = re.findall(r"^COPY (\S+) ", dockerfile.read_text(encoding="utf-8"), re.MULTILINE)
    assert sources
    for source in sources:
        assert source in BUILT_NOT_COMMITTED or (REPO / source).exists(), source


def _haproxy_check(config: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "haproxy.cfg"
    path.write_text(config, encoding="utf-8")
    return subprocess.run(["haproxy", "-c", "-f", str(path)], capture_output=True, text=True)


def test_haproxy_configs_parse(tmp_path: Path) -> None:
    if not shutil.which("haproxy"):
        system.missing("haproxy", "haproxy")
    names = ["lb_webhooks", "lb_api", "lb_actions", "lb_stats", "rasa1", "rasa2"]
    names += ["actions1", "actions2", "api1", "api2"]
    local = _haproxy_check(haproxy_config({n: 20000 + i for i, n in enumerate(names)}), tmp_path)
    assert local.returncode == 0, local.stderr
    k8s = yaml.safe_load_all((REPO / "deploy" / "k8s" / "haproxy.yaml").read_text())
    config = next(d for d in k8s if d["kind"] == "ConfigMap")["data"]["haproxy.cfg"]
    checked = _haproxy_check(config, tmp_path)
    assert checked.returncode == 0, checked.stderr


def _documents() -> list[dict]:
    return [
        d
        for manifest in MANIFESTS
        for d in yaml.safe_load_all(manifest.read_text(encoding="utf-8"))
        if d
    ]


def _workloads() -> dict[str, dict]:
    """Pod templates of the long-running workloads, by name."""
    kinds = {"Deployment", "StatefulSet"}
    return {d["metadata"]["name"]: d for d in _documents() if d["kind"] in kinds}


def _pod_labels(workload: str) -> dict[str, str]:
    return _workloads()[workload]["spec"]["template"]["metadata"]["labels"]


def _selects(selector: dict, labels: dict[str, str]) -> bool:
    """A label selector (matchLabels only, as ours are) against a pod's labels."""
    assert set(selector) <= {"matchLabels"}, "only matchLabels selectors are simulated"
    return selector.get("matchLabels", {}).items() <= labels.items()


def _policies() -> list[dict]:
    return [d for d in _documents() if d["kind"] == "NetworkPolicy"]


def may_connect(source: str | None, target: str, port: int) -> bool:
    """Ingress rules: may `source` (None: outside the namespace) reach `target` pods on `port`?"""
    target_labels = _pod_labels(target)
    selecting = [
        p
        for p in _policies()
        if _selects(p["spec"]["podSelector"], target_labels)
        and "Ingress" in p["spec"]["policyTypes"]
    ]
    if not selecting:
        return True  # a pod no policy selects is not isolated
    for policy in selecting:
        for rule in policy["spec"].get("ingress", []):
            ports = [entry["port"] for entry in rule.get("ports", [])]
            if ports and port not in ports:
                continue
            peers = rule.get("from")
            if peers is None:
                return True
            for peer in peers:
                assert set(peer) == {"podSelector"}, "peers are pods of this namespace"
                if source is not None and _selects(peer["podSelector"], _pod_labels(source)):
                    return True
    return False


# Who needs to reach whom (docs/scale-out.md, "Network policies"); None is the Ingress / outside.
REACHES = {
    ("actions", 5055): {"rasa"},
    ("api", 8000): {"actions", "rasa", "scheduler", "haproxy"},
    ("rasa", 5005): {"haproxy", "scheduler"},
    # The public entry (the Ingress): open to every pod of the namespace, the outbound worker too.
    ("haproxy", 8080): {
        None,
        "actions",
        "api",
        "api-worker",
        "rasa",
        "scheduler",
        "haproxy",
        "outbound",
    },
}


@pytest.mark.parametrize(("target", "port"), sorted(REACHES), ids=lambda x: str(x))
def test_network_policies_admit_only_the_callers_that_need_each_pod(target: str, port: int):
    sources = [None, *sorted(_workloads())]
    admitted = {source for source in sources if may_connect(source, target, port)}
    assert admitted == REACHES[(target, port)]


def test_every_pod_is_isolated_by_default():
    for workload in ("actions", "api", "api-worker", "rasa", "scheduler"):
        assert not may_connect(None, workload, 1234), workload
        assert not may_connect("haproxy", workload, 1234), workload


def test_every_network_policy_selects_some_pod():
    labels = [_pod_labels(name) for name in _workloads()]
    for policy in _policies():
        assert any(_selects(policy["spec"]["podSelector"], pod) for pod in labels), policy


def _container(workload: str) -> dict:
    return _workloads()[workload]["spec"]["template"]["spec"]["containers"][0]


def _secret_env(container: dict) -> set[str]:
    return {e["name"] for e in container.get("env", []) if "secretKeyRef" in e.get("valueFrom", {})}


def test_the_scheduler_runs_once():
    scheduler = _workloads()["scheduler"]
    assert scheduler["spec"]["replicas"] == 1
    container = _container("scheduler")
    assert container["command"] == ["python", "-m", "bot.scheduler"]
    assert "RASA_API_TOKEN" in _secret_env(container)


def test_rasa_serves_its_api_with_the_token_from_the_secret():
    container = _container("rasa")
    command = container["command"]
    assert "--enable-api" in command
    # One argument: a token that begins with "-" would otherwise be read as an option.
    assert "--auth-token=$(RASA_API_TOKEN)" in command
    assert {"RASA_API_TOKEN", "FRONTDOOR_ACTIONS_TOKEN"} <= _secret_env(container)


def test_the_action_server_binds_the_pod_ip_and_needs_rasas_token():
    container = _container("actions")
    assert container["command"] == ["python", "-m", "actions.server"]
    host = next(e for e in container["env"] if e["name"] == "ACTIONS_HOST")
    assert host["valueFrom"] == {"fieldRef": {"fieldPath": "status.podIP"}}
    assert "FRONTDOOR_ACTIONS_TOKEN" in _secret_env(container)


def _public_rules(config: str) -> list[str]:
    """The public frontend's routing lines."""
    frontend = config.split("frontend webhooks", 1)[1].split("\nbackend", 1)[0]
    lines = [line.strip() for line in frontend.splitlines()]
    return [line for line in lines if line.startswith(("http-request", "use_backend", "default_"))]


def test_the_public_entry_routes_alike_in_kubernetes_and_locally():
    """tests/scale/test_public_entry.py proves the local rules; Kubernetes must use the same."""
    k8s = yaml.safe_load_all((REPO / "deploy" / "k8s" / "haproxy.yaml").read_text())
    config = next(d for d in k8s if d["kind"] == "ConfigMap")["data"]["haproxy.cfg"]
    local = haproxy_config({})
    assert _public_rules(config) == _public_rules(local)
    assert "use_backend rasa if { path_beg /webhooks/ }" in _public_rules(config)
