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
