"""Dialect `agento11y`: Grafana's Agent Observability Python SDK (PyPI `agento11y`, formerly `sigil`).

Started by `src/dialects/agento11y.ts`, which runs the OpenAI simulator and passes
  FIXTURE_SIM_BASE_URL   the simulator's /v1 base URL (127.0.0.1, random port)
  FIXTURE_SCENARIO_JSON  the scenario's prompts and names (src/scenario.ts), so both languages agree
  FIXTURE_OUT            where to write what was captured (JSON)

The SDK wraps no client by itself: `agento11y-openai` offers `chat.completions.create/stream` and
`embeddings.create` helpers that take our call to the official `openai` client, and
`Client.start_tool_execution` records tools. It has no agent span, so the root
`invoke_agent research-agent` span is hand-made (scope genai-fixture-recorder/hand-made).

Traces and metrics go through the official OTLP/HTTP (protobuf) exporters to a receiver on
127.0.0.1 that this script runs; it decodes them with opentelemetry-proto into OTLP/JSON
(hex ids, int64 as strings). The SDK's own generation ingest (`protocol="http"`) points at a stub
on 127.0.0.1 that keeps each request and accepts every generation. Nothing leaves the machine.
"""

from __future__ import annotations

import base64
import json
import os
import sys
import sysconfig
import threading
import time
from datetime import datetime, timezone
from importlib.metadata import version as package_version
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import openai
from google.protobuf.json_format import MessageToDict
from opentelemetry import metrics, trace
from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import ExportMetricsServiceRequest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.trace import SpanKind, Status, StatusCode

from agento11y import (
    AuthConfig,
    Client,
    ClientConfig,
    ContentCaptureMode,
    GenerationExportConfig,
    GenerationStart,
    ModelRef,
    ToolExecutionStart,
    with_agent_name,
    with_conversation_id,
)
from agento11y_openai import ChatCompletionsStreamSummary, OpenAIOptions, chat, embeddings

HAND_MADE_SCOPE = "genai-fixture-recorder/hand-made"
ID_KEYS = {"traceId", "spanId", "parentSpanId"}
CONVERSATION_ID = "conv-fixture-agento11y"


class Capture:
    def __init__(self) -> None:
        self.traces: list[dict] = []
        self.metrics: list[dict] = []
        self.ingest: list[dict] = []
        self.lock = threading.Lock()


def hex_ids(node):
    """protobuf-JSON writes bytes as base64; OTLP/JSON wants trace and span ids as hex."""
    if isinstance(node, list):
        return [hex_ids(n) for n in node]
    if isinstance(node, dict):
        return {
            k: (base64.b64decode(v).hex() if k in ID_KEYS and isinstance(v, str) else hex_ids(v))
            for k, v in node.items()
        }
    return node


def strip_machine_paths(node):
    """Exception stack traces name files by absolute path; keep them relative to where they live."""
    prefixes = sorted(
        {
            (sysconfig.get_paths()["purelib"], "<site-packages>"),
            (sysconfig.get_paths()["stdlib"], "<stdlib>"),
            (os.path.dirname(os.path.abspath(__file__)), "<recorder>"),
        },
        key=lambda p: -len(p[0]),
    )
    text = json.dumps(node)
    for prefix, name in prefixes:
        text = text.replace(json.dumps(prefix)[1:-1], name)
    return json.loads(text)


def serve(handler_cls) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_cls)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def make_handlers(capture: Capture):
    class Otlp(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep the recorder's output readable
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            if self.headers.get("content-type") != "application/x-protobuf":
                self.send_response(415)
                self.end_headers()
                return
            if self.path == "/v1/traces":
                msg, target = ExportTraceServiceRequest(), capture.traces
            elif self.path == "/v1/metrics":
                msg, target = ExportMetricsServiceRequest(), capture.metrics
            else:
                self.send_response(404)
                self.end_headers()
                return
            msg.ParseFromString(body)
            with capture.lock:
                target.append(hex_ids(MessageToDict(msg, use_integers_for_enums=True)))
            self.send_response(200)
            self.send_header("content-type", "application/x-protobuf")
            self.end_headers()

    class Ingest(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            payload = json.loads(body or b"{}")
            with capture.lock:
                capture.ingest.append(
                    {
                        "path": self.path,
                        "contentType": self.headers.get("content-type"),
                        "userAgent": self.headers.get("user-agent"),
                        "body": payload,
                    }
                )
            items = payload.get("generations") or payload.get("workflow_steps") or []
            key = "generation_id" if "generations" in payload else "step_id"
            out = json.dumps({"results": [{key: g.get("id", ""), "accepted": True} for g in items]}).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

    return Otlp, Ingest


def main() -> int:
    sim_base_url = os.environ["FIXTURE_SIM_BASE_URL"]
    sc = json.loads(os.environ["FIXTURE_SCENARIO_JSON"])
    out_path = os.environ["FIXTURE_OUT"]

    capture = Capture()
    otlp_handler, ingest_handler = make_handlers(capture)
    otlp_server = serve(otlp_handler)
    ingest_server = serve(ingest_handler)
    otlp_url = f"http://127.0.0.1:{otlp_server.server_address[1]}"
    ingest_url = f"http://127.0.0.1:{ingest_server.server_address[1]}"

    resource = Resource.create({"service.name": "fixture-agento11y", "service.version": "1.0.0"})
    tracer_provider = TracerProvider(resource=resource)
    tracer_provider.add_span_processor(SimpleSpanProcessor(OTLPSpanExporter(endpoint=f"{otlp_url}/v1/traces")))
    trace.set_tracer_provider(tracer_provider)
    # One export at force_flush: cumulative histograms, as an app with the default reader would send.
    reader = PeriodicExportingMetricReader(
        OTLPMetricExporter(endpoint=f"{otlp_url}/v1/metrics"), export_interval_millis=3_600_000
    )
    meter_provider = MeterProvider(resource=resource, metric_readers=[reader])
    metrics.set_meter_provider(meter_provider)

    client = Client(
        ClientConfig(
            generation_export=GenerationExportConfig(
                protocol="http", endpoint=ingest_url, auth=AuthConfig(mode="none"), insecure=True
            ),
            # FULL is the SDK's most complete mode (tool arguments/results on tool spans too).
            content_capture=ContentCaptureMode.FULL,
        )  # tracer and meter: the SDK takes them from the global providers set above
    )
    oai = openai.OpenAI(base_url=sim_base_url, api_key="sk-test", max_retries=0)
    opts = OpenAIOptions(conversation_id=CONVERSATION_ID, agent_name=sc["AGENT_NAME"])
    hand = tracer_provider.get_tracer(HAND_MADE_SCOPE)

    tool_def = {
        "type": "function",
        "function": {
            "name": sc["TOOL_NAME"],
            "description": sc["TOOL_DESCRIPTION"],
            "parameters": sc["TOOL_PARAMETERS"],
        },
    }

    with with_conversation_id(CONVERSATION_ID), with_agent_name(sc["AGENT_NAME"]):
        with hand.start_as_current_span(sc["AGENT_SPAN_NAME"], kind=SpanKind.INTERNAL) as agent:
            agent.set_attribute("gen_ai.operation.name", "invoke_agent")
            agent.set_attribute("gen_ai.provider.name", "openai")
            agent.set_attribute("gen_ai.agent.name", sc["AGENT_NAME"])
            agent.set_attribute("gen_ai.conversation.id", CONVERSATION_ID)

            # (1) embeddings
            embeddings.create(
                client,
                {"model": "text-embedding-3-small", "input": sc["USER_QUESTION"], "dimensions": 8},
                lambda r: oai.embeddings.create(**r),
                opts,
            )

            # (2) non-streaming chat that asks for a tool call
            messages = [
                {"role": "system", "content": sc["SYSTEM_PROMPT"]},
                {"role": "user", "content": sc["USER_QUESTION"]},
            ]
            first = chat.completions.create(
                client,
                {
                    "model": "gpt-4o-mini",
                    "messages": messages,
                    "temperature": 0.2,
                    "max_tokens": 256,
                    "tools": [tool_def],
                    "tool_choice": "auto",
                },
                lambda r: oai.chat.completions.create(**r),
                opts,
            )
            call = first.choices[0].message.tool_calls[0]
            messages.append(first.choices[0].message.model_dump(exclude_none=True))

            # (3) tool execution
            args = json.loads(call.function.arguments)
            with client.start_tool_execution(
                ToolExecutionStart(
                    tool_name=call.function.name,
                    tool_call_id=call.id,
                    tool_type="function",
                    tool_description=sc["TOOL_DESCRIPTION"],
                    request_provider="openai",
                    request_model="gpt-4o-mini",
                    include_content=True,
                )
            ) as tool_rec:
                result = f"{sc['SEARCH_RESULT']} (query: {args['query']})"
                tool_rec.set_result(arguments=args, result=result)
            messages.append({"role": "tool", "tool_call_id": call.id, "content": result})

            # (4) streaming chat with the hostile user prompt. The SDK's stream helper hands no
            # recorder to the provider call, so time to first token is only recorded on the manual
            # path: start_streaming_generation + set_first_token_at + the helper's strict mapper.
            messages.append({"role": "user", "content": sc["FOLLOW_UP"]})
            stream_request = {
                "model": "gpt-4o",
                "messages": messages,
                "stream": True,
                "stream_options": {"include_usage": True},
            }
            with client.start_streaming_generation(
                GenerationStart(
                    model=ModelRef(provider="openai", name="gpt-4o"),
                    conversation_id=CONVERSATION_ID,
                    # Apps title conversations from user text; the SDK puts the title on the span
                    # (`agento11y.conversation.title`), the only place user text reaches a model span.
                    conversation_title=sc["FOLLOW_UP"],
                    agent_name=sc["AGENT_NAME"],
                )
            ) as rec:
                chunks = []
                first_token_seen = False
                with oai.chat.completions.stream(
                    **{k: v for k, v in stream_request.items() if k != "stream"}
                ) as stream:
                    for event in stream:
                        if event.type == "chunk":
                            chunks.append(event.chunk)
                        elif event.type == "content.delta" and not first_token_seen:
                            first_token_seen = True
                            rec.set_first_token_at(datetime.now(timezone.utc))
                    final = stream.get_final_completion()
                summary_text = final.choices[0].message.content or ""
                rec.set_result(
                    chat.completions.from_stream(
                        stream_request,
                        ChatCompletionsStreamSummary(final_response=final, events=chunks, output_text=summary_text),
                        opts,
                    )
                )

            # (5) a model nobody has a price for
            chat.completions.create(
                client,
                {
                    "model": "acme-unknown-model-1",
                    "messages": [{"role": "user", "content": f"{sc['TITLE_PROMPT']}\n\n{summary_text}"}],
                },
                lambda r: oai.chat.completions.create(**r),
                opts,
            )

            # (6) a call that fails with HTTP 429
            try:
                chat.completions.create(
                    client,
                    {
                        "model": "gpt-4o-mini",
                        "messages": [{"role": "user", "content": f"{sc['RATE_LIMITED_PROMPT']}\n\n{summary_text}"}],
                    },
                    lambda r: oai.chat.completions.create(**r, extra_headers={"x-simulate-status": "429"}),
                    opts,
                )
            except openai.RateLimitError as e:
                print(f"  expected rate-limit error: {str(e).splitlines()[0][:80]}")
            agent.set_status(Status(StatusCode.OK))

    client.shutdown()  # flushes queued generations to the ingest stub
    tracer_provider.force_flush()
    meter_provider.force_flush()
    tracer_provider.shutdown()
    meter_provider.shutdown()
    deadline = time.time() + 5
    while not capture.metrics and time.time() < deadline:
        time.sleep(0.05)
    otlp_server.shutdown()
    ingest_server.shutdown()

    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(
            {
                "versions": {
                    name: package_version(name)
                    for name in ("agento11y", "agento11y-openai", "openai", "opentelemetry-sdk")
                },
                "traces": strip_machine_paths(capture.traces),
                "metrics": capture.metrics,
                "ingest": capture.ingest,
            },
            f,
        )
    print(
        f"  captured {len(capture.traces)} trace request(s), {len(capture.metrics)} metric request(s), "
        f"{len(capture.ingest)} ingest request(s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
