"""Parses Prometheus text exposition format from stdin with the Prometheus project's own Python
client parser (Debian python3-prometheus-client) and prints the metric families as JSON, so Java
tests can check /metrics with a real parser."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

families = []
for family in text_string_to_metric_families(sys.stdin.read()):
    families.append({
        "name": family.name,
        "type": family.type,
        "help": family.documentation,
        "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in family.samples],
    })
json.dump(families, sys.stdout)
