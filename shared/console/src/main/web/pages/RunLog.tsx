import { useEffect, useMemo, useRef, useState } from "react";
import { api } from "../api/client";
import { live } from "../api/live";
import type { Schemas } from "../api/client";

type Line = Schemas["ClusterViews.LogLineView"];

/**
 * A run's Terraform output: every line written so far over HTTP, then new ones as the WebSocket brings them. Lines
 * are kept by their seq, so one that comes both ways is shown once; after a reconnect the gap is read over HTTP.
 * Follow keeps the newest line in view; pause holds the view still while lines keep arriving.
 */
export function RunLog({ clusterId, runId, clusterName }: { clusterId: string; runId: string; clusterName: string }) {
  const [lines, setLines] = useState<Map<number, Line>>(new Map());
  const [paused, setPaused] = useState<Line[] | null>(null);
  const [follow, setFollow] = useState(true);
  const [search, setSearch] = useState("");
  const box = useRef<HTMLPreElement>(null);
  const cursor = useRef<string | undefined>(undefined);

  useEffect(() => {
    let stopped = false;
    const add = (incoming: Line[]) =>
      setLines((shown) => {
        const next = new Map(shown);
        incoming.forEach((line) => next.set(line.seq, line));
        return next;
      });
    async function readAll() {
      for (;;) {
        const { data } = await api.GET("/clusters/{id}/runs/{runId}/logs", {
          params: { path: { id: clusterId, runId }, query: { limit: 500, cursor: cursor.current ?? null } },
        });
        if (!data || stopped) return;
        add(data.lines);
        cursor.current = data.next_cursor;
        if (data.lines.length < 500) return;
      }
    }
    void readAll();
    const off = live.subscribe((message) => {
      if (message.type === "cluster.log" && message.cluster_id === clusterId && message.run_id === runId) {
        add([{ seq: message.seq, at: message.at, line: message.line }]);
      }
    });
    const offReconnect = live.onReconnect(() => void readAll());
    return () => {
      stopped = true;
      off();
      offReconnect();
    };
  }, [clusterId, runId]);

  const ordered = useMemo(() => [...lines.values()].sort((a, b) => a.seq - b.seq), [lines]);
  const visible = paused ?? ordered;
  const needle = search.trim().toLowerCase();
  const filtered = needle ? visible.filter((line) => line.line.toLowerCase().includes(needle)) : visible;

  useEffect(() => {
    if (follow && !paused && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [filtered.length, follow, paused]);

  function download() {
    const text = ordered.map((line) => `${line.at} ${line.line}`).join("\n") + "\n";
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `${clusterName}-${runId}.log`;
    link.click();
    URL.revokeObjectURL(url);
  }

  return (
    <section className="log" aria-labelledby="log-title">
      <div className="log-bar">
        <h2 id="log-title">Terraform log</h2>
        <label className="check">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
        <button type="button" onClick={() => setPaused(paused ? null : ordered)} aria-pressed={paused !== null}>
          {paused ? `Resume (${ordered.length - paused.length} new)` : "Pause"}
        </button>
        <label className="search">
          <span className="sr-only">Search the log</span>
          <input type="search" placeholder="Search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <button type="button" onClick={download} disabled={ordered.length === 0}>
          Download
        </button>
      </div>
      <pre ref={box} className="log-lines" tabIndex={0} aria-label="Log lines" data-testid="log">
        {filtered.map((line) => (
          <span key={line.seq} className="log-line">
            {line.line}
            {"\n"}
          </span>
        ))}
        {filtered.length === 0 && (needle ? "No line matches." : "No output yet.")}
      </pre>
    </section>
  );
}
