#!/usr/bin/env python3
"""dissector_test.py — runs tshark with tools/wireshark/iocplab.lua on captures this test
writes itself, and checks every field of every frame.

Each capture is one TCP connection (127.0.0.1:40000 <-> 127.0.0.1:PORT) whose byte streams
are cut into segments in a chosen way: every frame in its own segment, all frames in one
segment, one frame over many segments, one byte at a time, random cuts. The frames are
encoded here from docs/PROTOCOL.md and docs/TELEMETRY.md, independently of the dissector.
For each capture, tshark's values of each field (in stream order) must equal the values
the frames were made from.

    dissector_test.py --tshark /usr/bin/tshark --lua tools/wireshark/iocplab.lua [--keep DIR]
"""
import argparse
import os
import pathlib
import random
import struct
import subprocess
import sys
import tempfile

SEP = "|"  # tshark's aggregator between occurrences in one packet; no test text contains it

# ---- frames: (bytes, {field: [values]}) -------------------------------------------------


def frame(ftype, payload, fields):
    data = struct.pack("<HB", 3 + len(payload), ftype) + payload
    out = {"iocplab.size": [str(len(data))], "iocplab.type": [str(ftype)]}
    for k, v in fields.items():
        out[k] = [str(x) for x in (v if isinstance(v, list) else [v])]
    return data, out


def fixed(text):
    raw = text.encode("utf-8")
    assert len(raw) <= 20
    return raw + b"\0" * (20 - len(raw))


def cs_login(name, password):
    return frame(1, fixed(name) + fixed(password), {"iocplab.name": name, "iocplab.password": password})


def cs_move(d, seq, t):
    return frame(2, struct.pack("<BII", d, seq, t),
                 {"iocplab.dir": d, "iocplab.seq": seq, "iocplab.client_time": t})


def cs_chat(text):
    return frame(3, text.encode("utf-8"), {"iocplab.text": text})


def cs_logout():
    return frame(4, b"", {})


def cs_observe(on):
    return frame(5, struct.pack("<B", on), {"iocplab.on": on})


def sc_login_ok(pid, x, y, w, h, view):
    return frame(11, struct.pack("<IHHHHH", pid, x, y, w, h, view),
                 {"iocplab.id": pid, "iocplab.x": x, "iocplab.y": y, "iocplab.world_w": w,
                  "iocplab.world_h": h, "iocplab.view": view})


def sc_login_fail(reason):
    return frame(12, struct.pack("<B", reason), {"iocplab.reason": reason})


def sc_add_player(pid, x, y, name):
    return frame(13, struct.pack("<IHH", pid, x, y) + fixed(name),
                 {"iocplab.id": pid, "iocplab.x": x, "iocplab.y": y, "iocplab.name": name})


def sc_move_player(pid, x, y, seq, t):
    return frame(14, struct.pack("<IHHII", pid, x, y, seq, t),
                 {"iocplab.id": pid, "iocplab.x": x, "iocplab.y": y, "iocplab.seq": seq,
                  "iocplab.client_time": t})


def sc_remove_player(pid):
    return frame(15, struct.pack("<I", pid), {"iocplab.id": pid})


def sc_chat(pid, text):
    return frame(16, struct.pack("<I", pid) + text.encode("utf-8"), {"iocplab.id": pid, "iocplab.text": text})


TOTALS = ["uptime_ms", "sessions", "slots_in_use", "max_sessions", "players_online"]
TOTALS64 = ["packets_in", "packets_out", "bytes_in", "bytes_out", "stale_drops", "violations",
            "slow_readers", "login_timeouts"]


def sc_telemetry_totals(values32, values64):
    payload = struct.pack("<5I", *values32) + struct.pack("<8Q", *values64)
    fields = {f"iocplab.{n}": v for n, v in zip(TOTALS, values32)}
    fields.update({f"iocplab.{n}": v for n, v in zip(TOTALS64, values64)})
    return frame(17, payload, fields)


THREAD = ["accepts", "recvs", "sends", "posted", "errors", "busy_us", "wait_us"]


def sc_telemetry_threads(uptime, workers):
    payload = struct.pack("<IBB", uptime, len(workers), 0)
    fields = {"iocplab.uptime_ms": uptime, "iocplab.thread_count": len(workers),
              "iocplab.thread.index": []}
    for n in THREAD:
        fields[f"iocplab.thread.{n}"] = []
    for index, counters in enumerate(workers):
        payload += struct.pack("<B7I", index, *counters)
        fields["iocplab.thread.index"].append(index)
        for n, v in zip(THREAD, counters):
            fields[f"iocplab.thread.{n}"].append(v)
    return frame(18, payload, fields)


def sc_telemetry_recv(dropped, chunks):
    payload = struct.pack("<BB", len(chunks), dropped)
    fields = {"iocplab.chunk_count": len(chunks), "iocplab.chunks_dropped": dropped,
              "iocplab.chunk.recv_index": [], "iocplab.chunk.len": [], "iocplab.chunk.carry_in": [],
              "iocplab.chunk.frames": [], "iocplab.chunk.frame_end": []}
    for recv_index, length, carry, ends in chunks:
        payload += struct.pack("<IHHB", recv_index, length, carry, len(ends))
        payload += b"".join(struct.pack("<H", e) for e in ends)
        fields["iocplab.chunk.recv_index"].append(recv_index)
        fields["iocplab.chunk.len"].append(length)
        fields["iocplab.chunk.carry_in"].append(carry)
        fields["iocplab.chunk.frames"].append(len(ends))
        fields["iocplab.chunk.frame_end"].extend(ends)
    return frame(19, payload, fields)


def cs_step(mode, count):
    return frame(6, struct.pack("<BH", mode, count), {"iocplab.step.mode": mode, "iocplab.step.count": count})


def cs_flow(pid):
    return frame(7, struct.pack("<I", pid), {"iocplab.flow.id": pid})


def sc_step_waiting(seq, worker, op, ok, key, nbytes, sess):
    return frame(20, struct.pack("<IBBBIII", seq, worker, op, ok, key, nbytes, sess),
                 {"iocplab.step.seq": seq, "iocplab.step.worker": worker, "iocplab.step.op": op,
                  "iocplab.step.ok": ok, "iocplab.step.key": key, "iocplab.step.bytes": nbytes,
                  "iocplab.step.session": sess})


def sc_step_done(seq, cut, sent, closes):
    return frame(21, struct.pack("<IHHH", seq, cut, sent, closes),
                 {"iocplab.step.seq": seq, "iocplab.step.frames_cut": cut, "iocplab.step.frames_sent": sent,
                  "iocplab.step.closes": closes})


def sc_step_state(paused, waiting, handled):
    return frame(22, struct.pack("<BHI", paused, waiting, handled),
                 {"iocplab.step.paused": paused, "iocplab.step.waiting": waiting, "iocplab.step.handled": handled})


FLOW = ["t_us", "kind", "worker", "a", "b", "c"]


def sc_telemetry_flow(sess, dropped, records):
    payload = struct.pack("<IBB", sess, dropped, len(records))
    fields = {"iocplab.flow.session": sess, "iocplab.flow.dropped": dropped, "iocplab.flow.count": len(records)}
    for n in FLOW:
        fields[f"iocplab.flow.{n}"] = []
    for r in records:
        payload += struct.pack("<IBBHHI", *r)
        for n, v in zip(FLOW, r):
            fields[f"iocplab.flow.{n}"].append(v)
    return frame(23, payload, fields)


def session():
    """A whole session: what the client sends and what the server answers, every type."""
    client = [cs_login("민수", "비밀번호pw"), cs_move(3, 1, 1000), cs_move(0, 2, 1016),
              cs_chat("안녕하세요, IOCP!"), cs_observe(1), cs_move(2, 3, 4294967295), cs_observe(0),
              cs_flow(0), cs_step(1, 0), cs_step(2, 5), cs_step(0, 0), cs_logout()]
    server = [sc_login_ok(1048577, 12, 34, 400, 400, 7), sc_add_player(2097154, 13, 30, "bot-7"),
              sc_move_player(1048577, 13, 34, 1, 1000), sc_move_player(1048577, 13, 33, 2, 1016),
              sc_chat(1048577, "안녕하세요, IOCP!"),
              sc_telemetry_totals([60000, 3, 4, 10000, 2], [10, 20, 300, 4000, 1, 2, 0, 5]),
              sc_telemetry_threads(60200, [[1, 50, 40, 3, 0, 123456, 4000000], [2, 44, 38, 1, 1, 99, 7]]),
              sc_telemetry_recv(0, [(7, 30, 5, [7, 19]), (8, 1, 0, [])]),
              sc_move_player(2097154, 14, 30, 9, 77), sc_remove_player(2097154),
              sc_login_fail(5), sc_login_fail(6),
              sc_step_state(1, 0, 0), sc_step_waiting(1, 1, 2, 1, 3, 12, 3145731), sc_step_done(1, 1, 12, 0),
              sc_telemetry_flow(1048577, 0, [(1000, 1, 1, 12, 0, 0), (1010, 2, 1, 1, 0, 0), (1011, 3, 1, 2, 12, 35),
                                             (1012, 4, 1, 12, 12, 0), (1020, 5, 0, 2, 1, 38), (1100, 6, 0, 1, 0, 38)])]
    return client, server


# ---- a capture: Ethernet / IPv4 / TCP, both directions ---------------------------------

def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def tcp_packet(src_port, dst_port, seq, ack, flags, data):
    src = dst = bytes([127, 0, 0, 1])
    tcp = struct.pack("!HHIIBBHHH", src_port, dst_port, seq, ack, 5 << 4, flags, 65535, 0, 0) + data
    pseudo = src + dst + struct.pack("!BBH", 0, 6, len(tcp))
    tcp = tcp[:16] + struct.pack("!H", checksum(pseudo + tcp)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 0, 0x4000, 64, 6, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    eth = b"\0" * 12 + b"\x08\x00"
    return eth + ip + tcp


SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01


def write_capture(path, port, client_segments, server_segments):
    """Handshake, then the client's segments, then the server's, then both FINs."""
    cport, cseq, sseq = 40000, 1000, 5000
    pkts = [tcp_packet(cport, port, cseq, 0, SYN, b""), tcp_packet(port, cport, sseq, cseq + 1, SYN | ACK, b""),
            tcp_packet(cport, port, cseq + 1, sseq + 1, ACK, b"")]
    cseq += 1
    sseq += 1
    for seg in client_segments:
        pkts.append(tcp_packet(cport, port, cseq, sseq, PSH | ACK, seg))
        cseq += len(seg)
    for seg in server_segments:
        pkts.append(tcp_packet(port, cport, sseq, cseq, PSH | ACK, seg))
        sseq += len(seg)
    pkts.append(tcp_packet(cport, port, cseq, sseq, FIN | ACK, b""))
    pkts.append(tcp_packet(port, cport, sseq, cseq + 1, FIN | ACK, b""))
    with open(path, "wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))  # pcap, Ethernet
        for i, p in enumerate(pkts):
            out.write(struct.pack("<IIII", 1700000000 + i, 0, len(p), len(p)))
            out.write(p)


# ---- ways to cut a stream into segments -------------------------------------------------

def per_frame(frames):
    return [f[0] for f in frames]


def coalesced(frames):
    return [b"".join(f[0] for f in frames)]


def one_byte(frames):
    data = b"".join(f[0] for f in frames)
    return [data[i:i + 1] for i in range(len(data))]


def split_each(frames, pieces=5):
    """Every frame over up to `pieces` segments (a frame over many segments)."""
    out = []
    for data, _ in frames:
        step = max(1, -(-len(data) // pieces))
        out += [data[i:i + step] for i in range(0, len(data), step)]
    return out


def random_cuts(frames, seed):
    data = b"".join(f[0] for f in frames)
    rng, out, i = random.Random(seed), [], 0
    while i < len(data):
        n = rng.randint(1, 60)
        out.append(data[i:i + n])
        i += n
    return out


CUTS = {"per-frame": per_frame, "coalesced": coalesced, "one-byte": one_byte,
        "split": split_each, "random": lambda fr: random_cuts(fr, 7)}


# ---- running tshark -----------------------------------------------------------------------

def expected_fields(frames):
    out = {}
    for _, fields in frames:
        for k, values in fields.items():
            out.setdefault(k, []).extend(values)
    return out


def tshark_fields(tshark, lua, capture, fields, port):
    cmd = [tshark, "-n", "-r", str(capture), "-X", f"lua_script:{lua}", "-Y", "iocplab",
           "-T", "fields", "-E", "occurrence=a", "-E", f"aggregator={SEP}", "-E", "separator=\t"]
    if port != 9000:
        cmd += ["-d", f"tcp.port=={port},iocplab"]
    for name in fields:
        cmd += ["-e", name]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        raise RuntimeError(f"tshark failed ({run.returncode}): {run.stderr.strip()}")
    got = {name: [] for name in fields}
    for line in run.stdout.splitlines():
        cols = line.split("\t")
        for name, col in zip(fields, cols):
            if col:
                got[name].extend(col.split(SEP))
    return got


def check(tshark, lua, workdir, label, frames, segments, port):
    cap = workdir / f"{label}.pcap"
    write_capture(cap, port, segments, [])
    want = expected_fields(frames)
    got = tshark_fields(tshark, lua, cap, sorted(want), port)
    problems = [f"{label}: {name}: want {want[name]}, got {got[name]}" for name in sorted(want)
                if want[name] != got[name]]
    # A valid stream raises none of the dissector's warnings.
    experts = "iocplab.bad_size.expert || iocplab.wrong_length.expert || iocplab.unknown_type.expert"
    cmd = [tshark, "-n", "-r", str(cap), "-X", f"lua_script:{lua}", "-Y", experts]
    if port != 9000:
        cmd += ["-d", f"tcp.port=={port},iocplab"]
    flagged = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout.strip()
    if flagged:
        problems.append(f"{label}: warnings on a valid stream: {flagged.splitlines()[:3]}")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tshark", required=True)
    ap.add_argument("--lua", required=True)
    ap.add_argument("--keep", help="write the captures here and keep them")
    args = ap.parse_args()
    lua = pathlib.Path(args.lua).resolve()
    if not lua.is_file():
        print(f"dissector_test: no such file: {lua}", file=sys.stderr)
        return 2

    workdir = pathlib.Path(args.keep or tempfile.mkdtemp(prefix="iocplab-wireshark-"))
    workdir.mkdir(parents=True, exist_ok=True)
    client, server = session()
    problems, runs = [], 0
    for cut_name, cut in CUTS.items():
        for side, frames in (("client", client), ("server", server)):
            problems += check(args.tshark, lua, workdir, f"{side}-{cut_name}", frames, cut(frames), 9000)
            runs += 1
    # Decode As: the same stream on another port, dissected only when asked to.
    problems += check(args.tshark, lua, workdir, "server-port-7777", server, random_cuts(server, 3), 7777)
    runs += 1

    # A bad size ends the stream's dissection with an error, as the server closes there.
    bad = [cs_move(1, 5, 6), (struct.pack("<HB", 2000, 2), {})]
    cap = workdir / "bad-size.pcap"
    write_capture(cap, 9000, [bad[0][0] + bad[1][0]], [])
    run = subprocess.run([args.tshark, "-n", "-r", str(cap), "-X", f"lua_script:{lua}", "-V"],
                         capture_output=True, text=True, timeout=120)
    if "Frame size outside 3..1024" not in run.stdout or "CS_MOVE" not in run.stdout:
        problems.append("bad-size: the expert message or the good frame before it is missing")
    runs += 1

    for p in problems:
        print(p, file=sys.stderr)
    print(f"dissector_test: {runs} captures in {workdir}, "
          f"{len(client)} client and {len(server)} server frames each, {len(problems)} problems")
    if not args.keep and not problems:
        for f in workdir.iterdir():
            f.unlink()
        os.rmdir(workdir)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
