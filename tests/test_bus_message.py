"""bus.message: message UUIDs (random version 4, fetched from the OS in batches)."""

from __future__ import annotations

import os
import re
import threading

from qjsbridge.bus.message import Message, new_uuid

UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def test_uuids_are_version_4_and_unique_across_batches_and_threads() -> None:
    made: list[str] = []
    lock = threading.Lock()

    def make() -> None:
        mine = [new_uuid() for _ in range(1000)]  # several batches of 256 each
        with lock:
            made.extend(mine)

    threads = [threading.Thread(target=make) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    made.append(Message.of("x").uuid)
    assert len(set(made)) == len(made) == 4001
    assert all(UUID4.fullmatch(u) for u in made)


def test_a_forked_child_does_not_repeat_the_parents_uuids() -> None:
    new_uuid()  # the parent now holds a batch of random bytes
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its next UUIDs, to the parent
        os.close(read)
        os.write(write, " ".join(new_uuid() for _ in range(3)).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        child = pipe.read().split()
    os.waitpid(pid, 0)
    parent = [new_uuid() for _ in range(3)]
    assert len(child) == 3 and not set(child) & set(parent)
