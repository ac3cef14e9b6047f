bench:
	scripts/bench.sh

run:
	scripts/run.sh

test:
	scripts/test.sh

.PHONY: bench run test
