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
SOURCES := $(shell find server-core/src/main handlers/src/main -type f) pom.xml server-core/pom.xml handlers/pom.xml

# `make run` serves ./sample-files, which `serve` creates (with sample files) when it is missing.
# Flags go in ARGS: make run ARGS="--mode threaded --port 0", or another directory: ARGS="--root DIR".
ARGS ?=

.PHONY: build run test bench bench-full clean

build: $(JAR)

$(JAR): $(SOURCES)
	$(MVN) -q -DskipTests -pl handlers -am package

run: $(JAR)
	$(JAVA) -jar $(JAR) serve $(ARGS)

test:
	$(MVN) verify

bench:
	@echo "make bench: the JMH benchmarks are not written yet (issue: JMH benchmarks that compare the concurrency strategies)."

clean:
	$(MVN) -q clean
