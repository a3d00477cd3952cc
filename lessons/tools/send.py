#!/usr/bin/env python3
"""send.py — the lessons' own little client (`./lab send NN "text"`; no nc needed).

Connects to a lesson server on 127.0.0.1, sends, and prints what comes back until the
server has been quiet for --wait-ms (or closes the connection).

  send.py NN TEXT...            stage NN's default port (9000 + NN, see stage_port below)
  send.py --port P TEXT...      any port
  --frame TYPE                  wrap each TEXT in one packet: size u16 little-endian (header
                                included) + type u8 + data (docs/PROTOCOL.md's framing);
                                replies are then shown frame by frame
  --hex                         TEXT is hex bytes ("08 00 01 68 69"), sent as they are
  --split N                     send in pieces of N bytes, 50 ms apart (to see reassembly)
  --wait-ms MS                  how long to wait for more after the last reply (default 500)
Each TEXT is sent on its own; with neither --frame nor --hex a newline ends each one.
With no TEXT it sends nothing: it stays connected for --wait-ms, so the server's recv for
it stays pending (send.py 06 --wait-ms 5000).
"""
import argparse
import socket
import sys
import time

FRAMED_FROM = 8  # stages from 08 on speak in packets: `./lab send 08 hi` sends a packet of type 1


def stage_port(stage):
    """Stage NN's programs listen on 9000 + NN unless told --port (see their main.cpp)."""
    return 9000 + stage


def frame(type_, data):
    size = 3 + len(data)
    if size > 0xFFFF:
        raise SystemExit("send.py: a packet is at most 65535 bytes")
    return bytes([size & 0xFF, size >> 8, type_]) + data


def show_raw(data):
    text = data.decode("utf-8", errors="backslashreplace")
    printable = all(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return text if printable else data.hex(" ")


def show_frames(data):
    """Whole frames as lines; an unfinished tail is shown as such."""
    lines, at = [], 0
    while len(data) - at >= 3:
        size = data[at] | (data[at + 1] << 8)
        if size < 3 or len(data) - at < size:
            break
        body = data[at + 3:at + size]
        lines.append(f"packet size={size} type={data[at + 2]} data={show_raw(body)!s}")
        at += size
    if at < len(data):
        lines.append(f"(not a whole packet: {data[at:].hex(' ')})")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("words", nargs="*", help="[NN] TEXT...")
    ap.add_argument("--port", type=int)
    ap.add_argument("--frame", type=int, metavar="TYPE")
    ap.add_argument("--raw", action="store_true", help="no packet framing, even for stages 08+")
    ap.add_argument("--hex", action="store_true")
    ap.add_argument("--split", type=int, default=0)
    ap.add_argument("--wait-ms", type=int, default=500)
    args = ap.parse_intermixed_args()

    words, stage = args.words, None
    if args.port is None:
        if not words or not words[0].isdigit():
            raise SystemExit("send.py: give the stage number first (send.py 06 hello) or --port P")
        stage, words = int(words[0]), words[1:]
        args.port = stage_port(stage)
    if args.frame is None and not args.raw and not args.hex and stage is not None and stage >= FRAMED_FROM:
        args.frame = 1

    framed_view = args.frame is not None or (stage is not None and stage >= FRAMED_FROM and not args.raw)
    payloads = []
    for w in words:
        data = bytes.fromhex(w) if args.hex else w.encode("utf-8")
        if args.frame is not None and not args.hex:
            data = frame(args.frame, data)
        elif args.frame is None and not args.hex:
            data += b"\n"
        payloads.append(data)

    try:
        sock = socket.create_connection(("127.0.0.1", args.port), timeout=5)
    except OSError as e:
        hint = f" (start it first: ./lab lesson {stage:02d})" if stage is not None else ""
        raise SystemExit(f"send.py: cannot connect to 127.0.0.1:{args.port}: {e.strerror or e}{hint}")
    with sock:
        for data in payloads:
            pieces = [data[i:i + args.split] for i in range(0, len(data), args.split)] if args.split else [data]
            for n, piece in enumerate(pieces):
                if n:
                    time.sleep(0.05)
                sock.sendall(piece)
            print(f"sent {len(data)} bytes: {show_frames(data) if framed_view else show_raw(data).rstrip()}")
        received, closed = b"", False
        sock.settimeout(args.wait_ms / 1000)
        deadline = time.monotonic() + 10  # bounded, however chatty the server is
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                break
            except OSError as e:
                print(f"connection error: {e.strerror or e}")
                closed = True
                break
            if not chunk:
                closed = True
                break
            received += chunk
    if received:
        print(f"received {len(received)} bytes:")
        print(show_frames(received) if framed_view else show_raw(received).rstrip("\n"))
    else:
        print("received nothing")
    if closed:
        print("the server closed the connection")
    return 0


if __name__ == "__main__":
    sys.exit(main())
