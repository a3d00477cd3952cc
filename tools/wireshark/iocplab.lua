-- iocplab.lua — a Wireshark dissector for the IOCP Lab wire protocol (docs/PROTOCOL.md,
-- docs/TELEMETRY.md). Load it with  wireshark -X lua_script:iocplab.lua  (or copy it into
-- the personal plugins folder, see docs/WIRESHARK.md). Filter name: iocplab.
--
-- TCP delivers bytes, not frames, so this file does what stage 08 of the course does:
-- it cuts the stream into frames by their size field, and when a segment ends inside a
-- frame it asks Wireshark's TCP reassembly for the missing bytes (desegment_len).

local iocplab = Proto("iocplab", "IOCP Lab game protocol")

local HEADER = 3      -- size:u16 + type:u8
local MAX_FRAME = 1024
local DEFAULT_PORT = 9000

-- ---- names ------------------------------------------------------------------------

local type_names = {
  [1] = "CS_LOGIN", [2] = "CS_MOVE", [3] = "CS_CHAT", [4] = "CS_LOGOUT", [5] = "CS_OBSERVE",
  [11] = "SC_LOGIN_OK", [12] = "SC_LOGIN_FAIL", [13] = "SC_ADD_PLAYER", [14] = "SC_MOVE_PLAYER",
  [15] = "SC_REMOVE_PLAYER", [16] = "SC_CHAT",
  [17] = "SC_TELEMETRY_TOTALS", [18] = "SC_TELEMETRY_THREADS", [19] = "SC_TELEMETRY_RECV",
  -- the teaching step mode (docs/STEP.md) and the flow view (docs/TELEMETRY.md)
  [6] = "CS_STEP", [7] = "CS_FLOW", [20] = "SC_STEP_WAITING", [21] = "SC_STEP_DONE",
  [22] = "SC_STEP_STATE", [23] = "SC_TELEMETRY_FLOW",
}
local dir_names = { [0] = "up (y-1)", [1] = "down (y+1)", [2] = "left (x-1)", [3] = "right (x+1)" }
local reason_names = {
  [1] = "wrong password", [2] = "already logged in", [3] = "server full",
  [4] = "invalid name or password field", [5] = "name locked after repeated wrong passwords",
  [6] = "server error: the account store could not answer",
}
local on_names = { [0] = "stop", [1] = "subscribe" }
local step_mode_names = { [0] = "run", [1] = "pause", [2] = "step" }
local step_op_names = { [1] = "accept", [2] = "recv", [3] = "send", [4] = "posted", [5] = "other" }
local flow_kind_names = { [1] = "recv", [2] = "cut", [3] = "handled", [4] = "fan-out", [5] = "send", [6] = "send done" }

-- ---- fields -----------------------------------------------------------------------

local f = {
  size = ProtoField.uint16("iocplab.size", "Size", base.DEC),
  type = ProtoField.uint8("iocplab.type", "Type", base.DEC, type_names),
  id = ProtoField.uint32("iocplab.id", "Player id", base.DEC),
  x = ProtoField.uint16("iocplab.x", "X", base.DEC),
  y = ProtoField.uint16("iocplab.y", "Y", base.DEC),
  seq = ProtoField.uint32("iocplab.seq", "Sequence", base.DEC),
  client_time = ProtoField.uint32("iocplab.client_time", "Client time (ms)", base.DEC),
  dir = ProtoField.uint8("iocplab.dir", "Direction", base.DEC, dir_names),
  name = ProtoField.string("iocplab.name", "Name", base.UNICODE),
  password = ProtoField.string("iocplab.password", "Password", base.UNICODE),
  text = ProtoField.string("iocplab.text", "Text", base.UNICODE),
  reason = ProtoField.uint8("iocplab.reason", "Reason", base.DEC, reason_names),
  world_w = ProtoField.uint16("iocplab.world_w", "World width", base.DEC),
  world_h = ProtoField.uint16("iocplab.world_h", "World height", base.DEC),
  view = ProtoField.uint16("iocplab.view", "View radius", base.DEC),
  on = ProtoField.uint8("iocplab.on", "Observe", base.DEC, on_names),
  -- 17 SC_TELEMETRY_TOTALS
  uptime_ms = ProtoField.uint32("iocplab.uptime_ms", "Uptime (ms)", base.DEC),
  sessions = ProtoField.uint32("iocplab.sessions", "Sessions", base.DEC),
  slots_in_use = ProtoField.uint32("iocplab.slots_in_use", "Slots in use", base.DEC),
  max_sessions = ProtoField.uint32("iocplab.max_sessions", "Max sessions", base.DEC),
  players_online = ProtoField.uint32("iocplab.players_online", "Players online", base.DEC),
  packets_in = ProtoField.uint64("iocplab.packets_in", "Packets in", base.DEC),
  packets_out = ProtoField.uint64("iocplab.packets_out", "Packets out", base.DEC),
  bytes_in = ProtoField.uint64("iocplab.bytes_in", "Bytes in", base.DEC),
  bytes_out = ProtoField.uint64("iocplab.bytes_out", "Bytes out", base.DEC),
  stale_drops = ProtoField.uint64("iocplab.stale_drops", "Stale drops", base.DEC),
  violations = ProtoField.uint64("iocplab.violations", "Violations", base.DEC),
  slow_readers = ProtoField.uint64("iocplab.slow_readers", "Slow readers", base.DEC),
  login_timeouts = ProtoField.uint64("iocplab.login_timeouts", "Login time-outs", base.DEC),
  -- 18 SC_TELEMETRY_THREADS
  thread_count = ProtoField.uint8("iocplab.thread_count", "Threads", base.DEC),
  thread = ProtoField.none("iocplab.thread", "Worker"),
  thread_index = ProtoField.uint8("iocplab.thread.index", "Index", base.DEC),
  accepts = ProtoField.uint32("iocplab.thread.accepts", "Accepts", base.DEC),
  recvs = ProtoField.uint32("iocplab.thread.recvs", "Recvs", base.DEC),
  sends = ProtoField.uint32("iocplab.thread.sends", "Sends", base.DEC),
  posted = ProtoField.uint32("iocplab.thread.posted", "Posted", base.DEC),
  errors = ProtoField.uint32("iocplab.thread.errors", "Errors", base.DEC),
  busy_us = ProtoField.uint32("iocplab.thread.busy_us", "Busy (us)", base.DEC),
  wait_us = ProtoField.uint32("iocplab.thread.wait_us", "Waiting (us)", base.DEC),
  -- 19 SC_TELEMETRY_RECV
  chunk_count = ProtoField.uint8("iocplab.chunk_count", "Recv chunks", base.DEC),
  chunks_dropped = ProtoField.uint8("iocplab.chunks_dropped", "Chunks left out", base.DEC),
  chunk = ProtoField.none("iocplab.chunk", "Recv chunk"),
  recv_index = ProtoField.uint32("iocplab.chunk.recv_index", "Recv number", base.DEC),
  chunk_len = ProtoField.uint16("iocplab.chunk.len", "Bytes", base.DEC),
  carry_in = ProtoField.uint16("iocplab.chunk.carry_in", "Carried in", base.DEC),
  chunk_frames = ProtoField.uint8("iocplab.chunk.frames", "Frames completed", base.DEC),
  frame_end = ProtoField.uint16("iocplab.chunk.frame_end", "Frame ends at", base.DEC),
  -- 6 CS_STEP, 20..22 SC_STEP_*
  step_mode = ProtoField.uint8("iocplab.step.mode", "Step mode", base.DEC, step_mode_names),
  step_count = ProtoField.uint16("iocplab.step.count", "Completions to let through", base.DEC),
  step_seq = ProtoField.uint32("iocplab.step.seq", "Held completion", base.DEC),
  step_worker = ProtoField.uint8("iocplab.step.worker", "Dequeued by worker", base.DEC),
  step_op = ProtoField.uint8("iocplab.step.op", "Operation", base.DEC, step_op_names),
  step_ok = ProtoField.uint8("iocplab.step.ok", "GQCS returned", base.DEC, { [0] = "FALSE", [1] = "TRUE" }),
  step_key = ProtoField.uint32("iocplab.step.key", "Completion key", base.DEC),
  step_bytes = ProtoField.uint32("iocplab.step.bytes", "Bytes", base.DEC),
  step_session = ProtoField.uint32("iocplab.step.session", "Session", base.DEC),
  step_frames_cut = ProtoField.uint16("iocplab.step.frames_cut", "Frames cut", base.DEC),
  step_frames_sent = ProtoField.uint16("iocplab.step.frames_sent", "Frames sent", base.DEC),
  step_closes = ProtoField.uint16("iocplab.step.closes", "Closes", base.DEC),
  step_paused = ProtoField.uint8("iocplab.step.paused", "Paused", base.DEC),
  step_waiting = ProtoField.uint16("iocplab.step.waiting", "Waiting", base.DEC),
  step_handled = ProtoField.uint32("iocplab.step.handled", "Stepped so far", base.DEC),
  -- 7 CS_FLOW, 23 SC_TELEMETRY_FLOW
  flow_id = ProtoField.uint32("iocplab.flow.id", "Follow player", base.DEC),
  flow_session = ProtoField.uint32("iocplab.flow.session", "Followed session", base.DEC),
  flow_dropped = ProtoField.uint8("iocplab.flow.dropped", "Records left out", base.DEC),
  flow_count = ProtoField.uint8("iocplab.flow.count", "Records", base.DEC),
  flow_record = ProtoField.none("iocplab.flow.record", "Flow record"),
  flow_t_us = ProtoField.uint32("iocplab.flow.t_us", "Server time (us)", base.DEC),
  flow_kind = ProtoField.uint8("iocplab.flow.kind", "Kind", base.DEC, flow_kind_names),
  flow_worker = ProtoField.uint8("iocplab.flow.worker", "Worker", base.DEC),
  flow_a = ProtoField.uint16("iocplab.flow.a", "a", base.DEC),
  flow_b = ProtoField.uint16("iocplab.flow.b", "b", base.DEC),
  flow_c = ProtoField.uint32("iocplab.flow.c", "c", base.DEC),
  -- anything this file does not know
  payload = ProtoField.bytes("iocplab.payload", "Payload"),
}
iocplab.fields = {}
for _, field in pairs(f) do table.insert(iocplab.fields, field) end

local ef = {
  bad_size = ProtoExpert.new("iocplab.bad_size.expert", "Frame size outside 3..1024: the stream cannot be cut further",
                             expert.group.MALFORMED, expert.severity.ERROR),
  wrong_length = ProtoExpert.new("iocplab.wrong_length.expert", "Wrong frame size for this type",
                                 expert.group.MALFORMED, expert.severity.WARN),
  unknown_type = ProtoExpert.new("iocplab.unknown_type.expert", "Type not defined by the protocol",
                                 expert.group.UNDECODED, expert.severity.NOTE),
}
iocplab.experts = { ef.bad_size, ef.wrong_length, ef.unknown_type }

local port_pref = DEFAULT_PORT
iocplab.prefs.port = Pref.uint("TCP port", DEFAULT_PORT, "The game server's TCP port")

-- ---- payload decoders: (tree, buffer of the payload, tvb range helpers) --------------

-- A fixed 20-byte string field: the text ends at the first NUL.
local function add_fixed_string(tree, field, buf, offset)
  local range = buf(offset, 20)
  tree:add(field, range, range:stringz(ENC_UTF_8))
end

local fixed_size = {
  [1] = 43, [2] = 12, [4] = 3, [5] = 4, [6] = 6, [7] = 7,
  [11] = 17, [12] = 4, [13] = 31, [14] = 19, [15] = 7, [17] = 87,
  [20] = 22, [21] = 13, [22] = 10,
}

local decoders = {}
decoders[1] = function(t, p)  -- CS_LOGIN
  add_fixed_string(t, f.name, p, 0)
  add_fixed_string(t, f.password, p, 20)
  return p(0, 20):stringz(ENC_UTF_8)
end
decoders[2] = function(t, p)  -- CS_MOVE
  t:add_le(f.dir, p(0, 1))
  t:add_le(f.seq, p(1, 4))
  t:add_le(f.client_time, p(5, 4))
  return (dir_names[p(0, 1):le_uint()] or "?") .. " seq " .. p(1, 4):le_uint()
end
-- Chat text for the Info column: at most 24 characters (Lua 5.2 has no utf8 library, so
-- count the bytes that start a UTF-8 character: any byte but 0x80..0xBF).
local function short(text)
  local chars, cut = 0, #text
  for i = 1, #text do
    local b = text:byte(i)
    if b < 0x80 or b > 0xBF then
      chars = chars + 1
      if chars > 24 then cut = i - 1 break end
    end
  end
  return '"' .. text:sub(1, cut) .. (cut < #text and "..." or "") .. '"'
end

decoders[3] = function(t, p)  -- CS_CHAT
  local text = p():string(ENC_UTF_8)
  t:add(f.text, p(), text)
  return short(text)
end
decoders[4] = function() end  -- CS_LOGOUT
decoders[5] = function(t, p)  -- CS_OBSERVE
  t:add_le(f.on, p(0, 1))
  return on_names[p(0, 1):le_uint()] or "?"
end
decoders[11] = function(t, p)  -- SC_LOGIN_OK
  t:add_le(f.id, p(0, 4))
  t:add_le(f.x, p(4, 2))
  t:add_le(f.y, p(6, 2))
  t:add_le(f.world_w, p(8, 2))
  t:add_le(f.world_h, p(10, 2))
  t:add_le(f.view, p(12, 2))
  return "id " .. p(0, 4):le_uint()
end
decoders[12] = function(t, p)  -- SC_LOGIN_FAIL
  t:add_le(f.reason, p(0, 1))
  return reason_names[p(0, 1):le_uint()] or "?"
end
decoders[13] = function(t, p)  -- SC_ADD_PLAYER
  t:add_le(f.id, p(0, 4))
  t:add_le(f.x, p(4, 2))
  t:add_le(f.y, p(6, 2))
  add_fixed_string(t, f.name, p, 8)
  return "id " .. p(0, 4):le_uint()
end
decoders[14] = function(t, p)  -- SC_MOVE_PLAYER
  t:add_le(f.id, p(0, 4))
  t:add_le(f.x, p(4, 2))
  t:add_le(f.y, p(6, 2))
  t:add_le(f.seq, p(8, 4))
  t:add_le(f.client_time, p(12, 4))
  return "id " .. p(0, 4):le_uint() .. " (" .. p(4, 2):le_uint() .. "," .. p(6, 2):le_uint() .. ")"
end
decoders[15] = function(t, p)  -- SC_REMOVE_PLAYER
  t:add_le(f.id, p(0, 4))
  return "id " .. p(0, 4):le_uint()
end
decoders[16] = function(t, p)  -- SC_CHAT
  t:add_le(f.id, p(0, 4))
  local text = p(4):string(ENC_UTF_8)
  t:add(f.text, p(4), text)
  return "id " .. p(0, 4):le_uint() .. " " .. short(text)
end
decoders[17] = function(t, p)  -- SC_TELEMETRY_TOTALS
  local u32 = { f.uptime_ms, f.sessions, f.slots_in_use, f.max_sessions, f.players_online }
  for i, field in ipairs(u32) do t:add_le(field, p((i - 1) * 4, 4)) end
  local u64 = { f.packets_in, f.packets_out, f.bytes_in, f.bytes_out, f.stale_drops,
                f.violations, f.slow_readers, f.login_timeouts }
  for i, field in ipairs(u64) do t:add_le(field, p(20 + (i - 1) * 8, 8)) end
end
decoders[18] = function(t, p)  -- SC_TELEMETRY_THREADS
  t:add_le(f.uptime_ms, p(0, 4))
  t:add_le(f.thread_count, p(4, 1))
  local count = p(4, 1):le_uint()
  local fields = { f.accepts, f.recvs, f.sends, f.posted, f.errors, f.busy_us, f.wait_us }
  local off = 6
  for _ = 1, count do
    if off + 29 > p:len() then break end
    local w = t:add(f.thread, p(off, 29))
    w:add_le(f.thread_index, p(off, 1))
    w:append_text(" " .. p(off, 1):le_uint())
    for i, field in ipairs(fields) do w:add_le(field, p(off + 1 + (i - 1) * 4, 4)) end
    off = off + 29
  end
  return count .. " workers"
end
decoders[19] = function(t, p)  -- SC_TELEMETRY_RECV
  t:add_le(f.chunk_count, p(0, 1))
  t:add_le(f.chunks_dropped, p(1, 1))
  local count = p(0, 1):le_uint()
  local off = 2
  for _ = 1, count do
    if off + 9 > p:len() then break end
    local frames = p(off + 8, 1):le_uint()
    local c = t:add(f.chunk, p(off, 9 + 2 * frames))
    c:add_le(f.recv_index, p(off, 4))
    c:add_le(f.chunk_len, p(off + 4, 2))
    c:add_le(f.carry_in, p(off + 6, 2))
    c:add_le(f.chunk_frames, p(off + 8, 1))
    c:append_text(string.format(" #%d: %d bytes, %d frames", p(off, 4):le_uint(), p(off + 4, 2):le_uint(), frames))
    for i = 0, frames - 1 do c:add_le(f.frame_end, p(off + 9 + 2 * i, 2)) end
    off = off + 9 + 2 * frames
  end
  return count .. " chunks"
end

decoders[6] = function(t, p)  -- CS_STEP
  t:add_le(f.step_mode, p(0, 1))
  t:add_le(f.step_count, p(1, 2))
  return step_mode_names[p(0, 1):le_uint()] or "?"
end
decoders[7] = function(t, p)  -- CS_FLOW
  t:add_le(f.flow_id, p(0, 4))
  return "id " .. p(0, 4):le_uint()
end
decoders[20] = function(t, p)  -- SC_STEP_WAITING
  t:add_le(f.step_seq, p(0, 4))
  t:add_le(f.step_worker, p(4, 1))
  t:add_le(f.step_op, p(5, 1))
  t:add_le(f.step_ok, p(6, 1))
  t:add_le(f.step_key, p(7, 4))
  t:add_le(f.step_bytes, p(11, 4))
  t:add_le(f.step_session, p(15, 4))
  return "#" .. p(0, 4):le_uint() .. " " .. (step_op_names[p(5, 1):le_uint()] or "?")
end
decoders[21] = function(t, p)  -- SC_STEP_DONE
  t:add_le(f.step_seq, p(0, 4))
  t:add_le(f.step_frames_cut, p(4, 2))
  t:add_le(f.step_frames_sent, p(6, 2))
  t:add_le(f.step_closes, p(8, 2))
  return "#" .. p(0, 4):le_uint()
end
decoders[22] = function(t, p)  -- SC_STEP_STATE
  t:add_le(f.step_paused, p(0, 1))
  t:add_le(f.step_waiting, p(1, 2))
  t:add_le(f.step_handled, p(3, 4))
  return p(0, 1):le_uint() == 1 and "paused" or "running"
end
decoders[23] = function(t, p)  -- SC_TELEMETRY_FLOW
  t:add_le(f.flow_session, p(0, 4))
  t:add_le(f.flow_dropped, p(4, 1))
  t:add_le(f.flow_count, p(5, 1))
  local count = p(5, 1):le_uint()
  for i = 0, count - 1 do
    local off = 6 + 14 * i
    if off + 14 > p:len() then break end
    local r = t:add(f.flow_record, p(off, 14))
    r:add_le(f.flow_t_us, p(off, 4))
    r:add_le(f.flow_kind, p(off + 4, 1))
    r:add_le(f.flow_worker, p(off + 5, 1))
    r:add_le(f.flow_a, p(off + 6, 2))
    r:add_le(f.flow_b, p(off + 8, 2))
    r:add_le(f.flow_c, p(off + 10, 4))
    r:append_text(" " .. (flow_kind_names[p(off + 4, 1):le_uint()] or "?"))
  end
  return count .. " records"
end

-- The frame sizes a type allows: fixed, or a range for the variable ones.
local function size_ok(ftype, size)
  if fixed_size[ftype] then return size == fixed_size[ftype] end
  if ftype == 3 then return size >= 4 and size <= 203 end
  if ftype == 16 then return size >= 8 and size <= 207 end
  if ftype == 18 then return size >= 9 and (size - 9) % 29 == 0 end
  if ftype == 19 then return size >= 5 end
  if ftype == 23 then return size >= 9 and (size - 9) % 14 == 0 end
  return true
end

-- ---- one frame ----------------------------------------------------------------------

local function dissect_frame(buf, tree, size)
  local ftype = buf(2, 1):le_uint()
  local name = type_names[ftype] or ("type " .. ftype)
  local item = tree:add(iocplab, buf(0, size), "IOCP Lab " .. name)
  item:add_le(f.size, buf(0, 2))
  item:add_le(f.type, buf(2, 1))
  local payload = size > HEADER and buf(HEADER, size - HEADER):tvb() or nil  -- nil: no payload
  local summary
  if not type_names[ftype] then
    item:add_proto_expert_info(ef.unknown_type)
    if payload then item:add(f.payload, buf(HEADER, size - HEADER)) end
  elseif not size_ok(ftype, size) then
    item:add_proto_expert_info(ef.wrong_length, name .. " cannot be " .. size .. " bytes")
    if payload then item:add(f.payload, buf(HEADER, size - HEADER)) end
  else
    local ok, result = pcall(decoders[ftype], item, payload)
    if ok then summary = result else item:add_proto_expert_info(ef.wrong_length, tostring(result)) end
  end
  if summary then item:append_text(": " .. summary) end
  return summary and (name .. " " .. summary) or name
end

-- ---- the stream: cut frames by size; ask TCP for more when one is incomplete --------

function iocplab.dissector(buf, pinfo, tree)
  local len = buf:len()
  local offset = 0
  local names = {}
  while offset < len do
    local left = len - offset
    if left < 2 then  -- not even the size field: wait for the next segment
      pinfo.desegment_offset = offset
      pinfo.desegment_len = DESEGMENT_ONE_MORE_SEGMENT
      break
    end
    local size = buf(offset, 2):le_uint()
    if size < HEADER or size > MAX_FRAME then  -- the server closes here; so do we
      local item = tree:add(iocplab, buf(offset, left), "IOCP Lab (bad size " .. size .. ")")
      item:add_le(f.size, buf(offset, 2))
      item:add_proto_expert_info(ef.bad_size)
      table.insert(names, "bad size " .. size)
      break
    end
    if left < size then  -- a frame split over segments
      pinfo.desegment_offset = offset
      pinfo.desegment_len = size - left
      break
    end
    table.insert(names, dissect_frame(buf(offset, size):tvb(), tree, size))
    offset = offset + size
  end
  if #names > 0 then
    pinfo.cols.protocol = "IOCPLAB"
    pinfo.cols.info = table.concat(names, ", ")
  end
  return len  -- all of it is ours: whole frames, or the start of one TCP will complete
end

local tcp_port = DissectorTable.get("tcp.port")
tcp_port:add(port_pref, iocplab)

function iocplab.prefs_changed()
  if port_pref ~= iocplab.prefs.port then
    tcp_port:remove(port_pref, iocplab)
    port_pref = iocplab.prefs.port
    tcp_port:add(port_pref, iocplab)
  end
end
