package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// wrkResult is what one wrk run measured.
type wrkResult struct {
	requests int64
	rps      float64
	p50, p99 time.Duration
	errors   int64  // socket errors (connect, read, write, timeout) and bad statuses
	codes    string // some of the bad statuses, when the script keeps them
}

// wrkDone is the end of every script: wrk's summary on one line that
// runWrk reads. Threads are numbered in setup (tid, a global of each
// thread's script) for the scripts that share out work; a thread's own
// count of bad answers (bad, kept by scripts with a response function)
// replaces wrk's status count, which lets 3xx pass.
const wrkDone = `
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function done(summary, latency, requests)
  local bad, counted = 0, false
  for _, t in ipairs(threads) do
    local n = t:get("bad")
    if n ~= nil then bad, counted = bad + n, true end
    local c = t:get("codes")
    if c ~= nil and c ~= "" then io.write("PRESSROOM_CODES " .. c .. "\n") end
  end
  local e = summary.errors
  if not counted then bad = e.status end
  io.write(string.format("PRESSROOM_WRK %.0f %.0f %.0f %.0f %.0f\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.timeout + bad))
end
`

// pathsScript asks for the paths listed in file (one a line) in turn,
// each thread starting at its own share of the list.
func pathsScript(file string, threads int) string {
	return fmt.Sprintf(`
local paths = {}
for line in io.lines(%q) do paths[#paths + 1] = line end
function init(args)
  i = math.floor(tid * #paths / %d)
end
function request()
  i = i %% #paths + 1
  return wrk.format(nil, paths[i])
end
`, file, threads) + wrkDone
}

// saveArticle is one article the save target edits, with the version
// its next save is based on.
type saveArticle struct {
	ID      int64 `json:"id"`
	Version int   `json:"version"`
}

// saveScript saves articles through the Admin API: each PATCH replaces
// one article's body with base plus a counter, based on the version the
// article's last save returned (read from the answer, which starts with
// the id and version). The articles are shared out among the threads,
// at least two per connection, so that no two saves of one article are
// in flight at once and each is based on the current version. Should a
// save fail, its article is lost to the thread; when none is free, the
// oldest is sent again with the version last known (and will count as
// an error if that is stale).
func saveScript(token string, articles []saveArticle, base string, threads int) string {
	var list strings.Builder
	for _, a := range articles {
		fmt.Fprintf(&list, "{%d,%d},", a.ID, a.Version)
	}
	body, _ := json.Marshal(base + "\n\nSaved by the load benchmark, edit ")
	mid := `,"body":` + strings.TrimSuffix(string(body), `"`)
	level := strings.Repeat("=", 1)
	for strings.Contains(mid, "]"+level+"]") {
		level += "="
	}
	return fmt.Sprintf(`
wrk.method = "PATCH"
wrk.headers["Authorization"] = "Bearer %s"
wrk.headers["Content-Type"] = "application/json"
local all = {%s}
local mid = [%s[%s]%s]
function init(args)
  ready, version, order = {}, {}, {}
  for k, a in ipairs(all) do
    if (k - 1) %% %d == tid then
      table.insert(ready, a[1])
      table.insert(order, a[1])
      version[a[1]] = a[2]
    end
  end
  n, bad, stale, codes = 0, 0, 0, ""
end
function request()
  local id = table.remove(ready, 1)
  if id == nil then
    stale = stale %% #order + 1
    id = order[stale]
  end
  n = n + 1
  local body = '{"version":' .. version[id] .. mid .. tid .. "-" .. n .. '."}'
  return wrk.format(nil, "/api/admin/v1/articles/" .. id, nil, body)
end
function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    if #codes < 200 then codes = codes .. status .. " " end
    return
  end
  local id = tonumber(string.match(body, '"id":%%s*(%%d+)'))
  local v = tonumber(string.match(body, '"version":%%s*(%%d+)'))
  if id == nil or v == nil or version[id] == nil then
    bad = bad + 1
    return
  end
  version[id] = v
  table.insert(ready, id)
end
`, token, list.String(), level, mid, level, threads) + wrkDone
}

// runWrk drives url for d with script (written to dir) from threads
// threads over conns connections, and returns what wrk measured, within
// d plus a minute.
func runWrk(wrk, dir, name, url, script string, d time.Duration, threads, conns int) (wrkResult, error) {
	file := filepath.Join(dir, name+".lua")
	if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
		return wrkResult{}, err
	}
	secs := max(1, int(d.Round(time.Second)/time.Second))
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(secs)*time.Second+time.Minute)
	defer cancel()
	args := []string{"-t", strconv.Itoa(threads), "-c", strconv.Itoa(conns), "-d", strconv.Itoa(secs) + "s",
		"--timeout", "5s", "-s", file, url}
	out, err := exec.CommandContext(ctx, wrk, args...).CombinedOutput()
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	var codes []string
	for _, line := range strings.Split(string(out), "\n") {
		if c, ok := strings.CutPrefix(line, "PRESSROOM_CODES "); ok {
			codes = append(codes, strings.Fields(c)...)
			continue
		}
		f := strings.Fields(line)
		if len(f) != 6 || f[0] != "PRESSROOM_WRK" {
			continue
		}
		var v [5]float64
		for i := range v {
			if v[i], err = strconv.ParseFloat(f[i+1], 64); err != nil {
				return wrkResult{}, fmt.Errorf("wrk: %q: %v", line, err)
			}
		}
		r := wrkResult{requests: int64(v[0]), p50: time.Duration(v[2]) * time.Microsecond,
			p99: time.Duration(v[3]) * time.Microsecond, errors: int64(v[4]), codes: strings.Join(codes, " ")}
		if v[1] > 0 {
			r.rps = v[0] / (v[1] / 1e6)
		}
		return r, nil
	}
	return wrkResult{}, fmt.Errorf("wrk printed no summary:\n%s", out)
}
