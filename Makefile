# socketserver for Java: build, run, test, bench.
# Needs a JDK 25+: $JAVA_HOME if it is one, else /usr/lib/jvm/temurin-25*.

JDK := $(shell scripts/find-jdk)
ifeq ($(JDK),)
$(error No JDK 25+ found: set JAVA_HOME to a JDK 25 or newer (e.g. /usr/lib/jvm/temurin-25-jdk-amd64))
endif
export JAVA_HOME := $(JDK)
JAVA := $(JDK)/bin/java
MVN := ./mvnw -B -ntp

JAR := handlers/target/socketserver.jar
# The AOT cache serve starts with when it is there (make aot trains it for the jar; JDK 25's
# -XX:AOTCache): classes loaded and linked ahead and the training's method profiles, so the JIT
# compiles the request path sooner. A stale one is ignored by the JVM, and removed when the jar is rebuilt.
AOT := handlers/target/socketserver.aot
AOT_FLAG = $(shell scripts/aot-flag $(JAR))
SOURCES := $(shell find server-core/src/main handlers/src/main -type f) pom.xml server-core/pom.xml handlers/pom.xml

# `make run` serves ./sample-files (`serve --sample-files` creates it, with sample files, when missing).
# Flags go in ARGS: make run ARGS="--mode threaded --port 0", or another directory: ARGS="--root DIR".
ARGS ?=

.PHONY: build run test bench bench-full compare native clean fuzz soak aot

build: $(JAR)

$(JAR): $(SOURCES)
	rm -f $(AOT)
	$(MVN) -q -DskipTests -pl handlers -am package

# Trains the AOT cache for the jar (about 20 s: scripts/train-aot-cache); make run and make compare use it.
aot: $(AOT)

$(AOT): $(JAR)
	scripts/train-aot-cache $(JAR) $(AOT)

# Ctrl-C (130) and SIGTERM (143) are how a server is stopped, not failures: the recipe's shell
# outlives the Ctrl-C (a trap, not an ignore, so that the JVM still gets the signal) and exits 0.
# (make, signalled too, then ends by the same signal, without an error line.) Tested: bench's MakeRunTest.
run: $(JAR)
	@echo '$(JAVA) $(AOT_FLAG) -jar $(JAR) serve --sample-files $(ARGS)'; trap 'true' INT TERM; \
	$(JAVA) $(AOT_FLAG) -jar $(JAR) serve --sample-files $(ARGS); status=$$?; \
	if [ $$status -eq 130 ] || [ $$status -eq 143 ]; then exit 0; fi; exit $$status

# Installs the snapshot (the examples build against it from ~/.m2), then builds and tests examples/
# from clean: classes compiled against an older snapshot would fail with NoSuchMethodError.
test:
	$(MVN) install
	$(MVN) -f examples/pom.xml clean verify

# Benchmarks (docs/benchmarks.md). Every JVM of the run gets
# --sun-misc-unsafe-memory-access=allow (JMH), the sun.nio.ch export (forked mode) and native
# access (junixsocket); BenchMain passes the same to JMH's forks with -jvmArgsAppend.
BENCH_JAR := bench/target/benchmarks.jar
BENCH_SOURCES := $(shell find bench/src/main -type f) bench/pom.xml
BENCH_RESULTS := bench/results
BENCH_JAVA := $(JAVA) --sun-misc-unsafe-memory-access=allow --add-exports java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED
# The scale benchmark holds 10,000 connections: a descriptor on each side. Raise the soft limit
# for this run (as root also the hard one); otherwise up to the hard limit.
BENCH_FDS := 65536
BENCH_ULIMIT := ulimit -n $(BENCH_FDS) 2>/dev/null || ulimit -n $$(ulimit -Hn); echo "open files limit: $$(ulimit -n)"

$(BENCH_JAR): $(SOURCES) $(BENCH_SOURCES)
	$(MVN) -q -DskipTests -pl bench -am package

# Quick profile, under 10 minutes on 2 cores: bench/results/{jmh-quick.json,report-quick.md,chart-quick.png}.
# Then forked mode with and without its warm pool (docs/forked.md; about 2 minutes), appended to the report.
bench: $(BENCH_JAR) $(JAR) native
	@echo "make bench: the quick profile, about 10 minutes on 2 cores (longer on a busy machine); it writes"
	@echo "  $(BENCH_RESULTS)/{jmh-quick.json,scale-memory-quick.jsonl,report-quick.md,chart-quick.png,forked-quick.{json,md}} when it has finished"
	$(BENCH_ULIMIT); $(BENCH_JAVA) -cp $(BENCH_JAR) dev.socketserver.bench.BenchMain quick $(BENCH_RESULTS)
	$(BENCH_JAVA) -cp $(BENCH_JAR) dev.socketserver.bench.compare.ForkedMain $(BENCH_RESULTS) $(NATIVE) $(JAR) quick

# The whole grid (about an hour on 2 cores): bench/results/{jmh-full.json,report-full.md,chart-full.png}.
bench-full: $(BENCH_JAR) $(JAR) native
	@echo "make bench-full: the whole grid, about an hour on 2 cores; it writes"
	@echo "  $(BENCH_RESULTS)/{jmh-full.json,scale-memory-full.jsonl,report-full.md,chart-full.png,forked-full.{json,md}} when it has finished"
	$(BENCH_ULIMIT); $(BENCH_JAVA) -cp $(BENCH_JAR) dev.socketserver.bench.BenchMain full $(BENCH_RESULTS)
	$(BENCH_JAVA) -cp $(BENCH_JAR) dev.socketserver.bench.compare.ForkedMain $(BENCH_RESULTS) $(NATIVE) $(JAR) full 60

# The native tools (bench/native: nload, the load client; nserve, the C server peer), with gcc.
NATIVE := bench/target/native

native:
	@$(MAKE) -s -C bench/native OUT=$(CURDIR)/$(NATIVE)

# Latency under load (docs/benchmarks.md): each serve mode and peer swept with nload's open loop,
# about 12 minutes on 2 cores: bench/results/{compare.json,compare.md,compare.png}. serve's JVMs start
# with the AOT cache (make aot, trained first if missing or older than the jar), as make run's does.
compare: $(BENCH_JAR) native $(AOT)
	$(BENCH_JAVA) -cp $(BENCH_JAR) dev.socketserver.bench.compare.CompareMain $(BENCH_RESULTS) $(NATIVE) $(JAR)

# Fuzzing with Jazzer: `make test` runs ProtocolFuzzTest on its seeds only (regression mode);
# this fuzzes each target for FUZZ_TIME (make fuzz FUZZ_TIME=10m). Findings land in handlers/ as
# crash-* files; new coverage in handlers/.cifuzz-corpus/ (ignored by git).
FUZZ_TIME ?= 2m
FUZZ_TARGETS := commandParsing commandReading pathResolution

fuzz:
	@for target in $(FUZZ_TARGETS); do \
		echo "== fuzzing ProtocolFuzzTest#$$target for $(FUZZ_TIME)"; \
		JAZZER_FUZZ=1 JAZZER_MAX_DURATION=$(FUZZ_TIME) $(MVN) -q -pl server-core,handlers test \
			-Dsurefire.failIfNoSpecifiedTests=false -Dtest="ProtocolFuzzTest#$$target" || exit 1; \
	done

# Soak: mixed polite and hostile traffic on every transport and mode for SOAK_SECONDS, then a
# report (exchanges, errors by kind, descriptor and heap growth). The servers' log goes to
# handlers/target/soak-server.log.
SOAK_SECONDS ?= 60
SOAK_CP := handlers/target/test-classes:handlers/target/classes:server-core/target/classes

soak:
	$(MVN) -q -pl server-core,handlers test-compile dependency:build-classpath \
		-Dmdep.includeScope=test -Dmdep.outputFile=target/soak.classpath
	$(JAVA) --add-exports java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED -Dtinylog.writer.level=warn \
		-cp $(SOAK_CP):$$(cat handlers/target/soak.classpath) dev.socketserver.soak.Soak $(SOAK_SECONDS) \
		2> handlers/target/soak-server.log

clean:
	$(MVN) -q clean
