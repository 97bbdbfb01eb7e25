"""Which addresses a running process listens on, read from Linux's /proc (no connection made)."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

LISTEN = "0A"  # the TCP state column of /proc/net/tcp{,6}


def _socket_inodes(pid: int) -> set[str]:
    """Inodes of the sockets a process (and its children) hold open."""
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    inodes = set()
    for each in pids:
        fd_dir = Path(f"/proc/{each}/fd")
        for fd in fd_dir.iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[len("socket:[") : -1])
    return inodes


def _address(hex_address: str) -> tuple[str, int]:
    """/proc/net's little-endian hex `address:port` as text and a number."""
    host, port = hex_address.split(":")
    raw = bytes.fromhex(host)
    # Each 32-bit word is in host (little-endian) byte order.
    packed = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
    address = ipaddress.ip_address(packed)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address), int(port, 16)


def listening_addresses(pid: int) -> set[tuple[str, int]]:
    """Every (address, port) the process listens on over TCP, IPv4 and IPv6."""
    inodes = _socket_inodes(pid)
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            cells = line.split()
            if cells[3] == LISTEN and cells[9] in inodes:
                found.add(_address(cells[1]))
    return found
