#!/usr/bin/python3
"""Turns a Zeppelin note (.zpln) into one Scala script, in paragraph order, for CI.

%spark paragraphs are copied; %sql (or %spark.sql) paragraphs become spark.sql(...).show();
%md paragraphs are skipped. The script starts with the bindings Zeppelin's Spark interpreter
provides (spark, sc, spark.implicits._), on a local[2] session with the library's SQL
functions enabled, and prints a marker before each paragraph.
"""
import json
import sys

PRELUDE = '''import org.apache.spark.sql.SparkSession
val spark = SparkSession.builder().master("local[2]").appName("zeppelin-note")
  .config("spark.ui.enabled", "false")
  .config("spark.sql.shuffle.partitions", "4")
  .config("spark.sql.extensions", "io.github.sparkactivations.sql.ActivationExtensions")
  .getOrCreate()
val sc = spark.sparkContext
sc.setLogLevel("WARN")
import spark.implicits._
'''


def main(path):
    note = json.load(open(path))
    out = [PRELUDE]
    for i, p in enumerate(note["paragraphs"], 1):
        text = p.get("text") or ""
        first, _, body = text.partition("\n")
        kind = first.strip()
        if kind == "%md":
            continue
        out.append(f'println("== paragraph {i} ({kind}) ==")')
        if kind in ("%sql", "%spark.sql"):
            if '"""' in body:
                sys.exit(f"paragraph {i}: triple quotes in SQL are not supported")
            out.append(f'spark.sql("""{body}""").show(100, false)')
        elif kind in ("%spark", "%spark.spark"):
            if "z." in body:
                sys.exit(f"paragraph {i}: uses the Zeppelin context (z.), which CI cannot run")
            out.append(body)
        else:
            sys.exit(f"paragraph {i}: unsupported interpreter {kind!r}")
    out.append("spark.stop()")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
