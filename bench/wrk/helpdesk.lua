-- A helpdesk client of the JSON API, for wrk (run by org.rdpdoctor.bench.HttpBench; see
-- docs/benchmarks.md, "HTTP load"). Each session takes six requests, one at a time:
--
--   POST /api/v1/sessions                      start 0x904 / 0x7
--   POST /api/v1/sessions/{id}/answers    x3   answer the question the session names as next,
--                                              with one of its options picked at random
--   GET  /api/v1/sessions/{id}                 read the session back
--   GET  /api/v1/sessions/{id}/transcript      the markdown transcript, for the ticket
--
-- (fewer answers when the engine stops asking earlier). wrk does not say which connection a
-- response arrived on, so the next request of a session is built from the response itself (every
-- session response carries the id and the next question) and queued; request() sends a queued
-- request, or starts a new session when none is waiting. A session therefore never has two
-- requests in flight.

local ANSWERS = 3
local JSON = { ["Content-Type"] = "application/json" }

local threads = {}
local counter = 0

function setup(thread)
    counter = counter + 1
    thread:set("seed", counter)
    table.insert(threads, thread)
end

-- Per thread from here on: each wrk thread has its own Lua state.
local queue = {}
local head, tail = 1, 0
-- Per session: the answers sent so far, or "read" once its GET is sent.
local stage = {}
local start
-- Globals, so that done() can read them with thread:get().
started, answered, read, transcripts, failed = 0, 0, 0, 0, 0

function init(args)
    math.randomseed(seed)
    -- wrk.host is set only by now.
    start = wrk.format("POST", "/api/v1/sessions", JSON,
        '{"errorCode":"0x904","extendedCode":"0x7"}')
end

local function push(req)
    tail = tail + 1
    queue[tail] = req
end

function request()
    if head > tail then
        return start
    end
    local req = queue[head]
    queue[head] = nil
    head = head + 1
    return req
end

-- The next question's id and its option ids (with "unknown"), or nil when there is none.
local function next_question(body)
    local from = body:find('"nextQuestion"%s*:%s*{')
    if from == nil then
        return nil
    end
    local to = body:find('"why"%s*:', from)
    local ids = {}
    for id in body:sub(from, to):gmatch('"id"%s*:%s*"([^"]+)"') do
        table.insert(ids, id)
    end
    return table.remove(ids, 1), ids
end

function response(status, headers, body)
    if status < 200 or status > 299 then
        failed = failed + 1
        return
    end
    if (headers["Content-Type"] or ""):find("text/markdown", 1, true) then
        transcripts = transcripts + 1
        return
    end
    local id = body:match('"id"%s*:%s*"([^"]+)"')
    local path = "/api/v1/sessions/" .. id
    local answers = stage[id]
    if answers == nil then
        started = started + 1
        answers = 0
    elseif answers == "read" then
        read = read + 1
        stage[id] = nil
        push(wrk.format("GET", path .. "/transcript?format=markdown"))
        return
    else
        answered = answered + 1
    end
    local question, options = next_question(body)
    if question ~= nil and answers < ANSWERS then
        stage[id] = answers + 1
        local option = options[math.random(#options)]
        push(wrk.format("POST", path .. "/answers", JSON,
            '{"questionId":"' .. question .. '","optionId":"' .. option .. '"}'))
    else
        stage[id] = "read"
        push(wrk.format("GET", path))
    end
end

function done(summary, latency, requests)
    local s, a, r, t, f = 0, 0, 0, 0, 0
    for _, thread in ipairs(threads) do
        s = s + thread:get("started")
        a = a + thread:get("answered")
        r = r + thread:get("read")
        t = t + thread:get("transcripts")
        f = f + thread:get("failed")
    end
    io.write(string.format(
        "mix: started %d, answered %d, read %d, transcripts %d, non-2xx %d\n", s, a, r, t, f))
end
