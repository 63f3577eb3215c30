"""Peak memory, read by the process itself (children report it; see ``peak_rss_mb``)."""

from __future__ import annotations


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB: ``VmHWM`` from ``/proc/self/status``.

    Not ``ru_maxrss`` of a child seen from the parent (``os.wait4``, ``/usr/bin/time``): on Linux a
    child's ``ru_maxrss`` starts from its parent's RSS at the time of the fork, so every child of
    a 50 MB bench would report at least 50 MB. ``VmHWM`` belongs to the memory the program got at
    ``exec``. Where there is no ``/proc``, ``ru_maxrss`` of this process is the fallback.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
