package dev.socketserver.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rates measured between a held one and the doubled one that left the bound. */
class RateBisectionTest {

    private static Point at(double rate, double p99) {
        return new Point(rate, rate, p99 / 4, p99 / 2, p99, p99 * 2, p99 * 3, 100, 0, 0, 50, "");
    }

    /** A server whose p99 leaves the bound above {@code limit}: the rates asked for, in order. */
    private static List<Double> asked(double held, double left, double limit) throws Exception {
        List<Double> asked = new ArrayList<>();
        List<Point> measured = RateBisection.between(at(held, 1), at(left, 20), RateBisection.STEPS, rate -> {
            asked.add(rate);
            return at(rate, rate <= limit ? 1 : 20);
        });
        assertEquals(asked, measured.stream().map(Point::offeredRate).toList());
        return asked;
    }

    @Test
    void aServerThatHoldsTheMiddleIsAskedTheUpperQuarterNext() throws Exception {
        assertEquals(List.of(11_314.0, 13_455.0), asked(8_000, 16_000, 12_000));
    }

    @Test
    void aServerThatLeavesTheBoundBeforeTheMiddleIsAskedTheLowerQuarterNext() throws Exception {
        assertEquals(List.of(5_657.0, 4_757.0), asked(4_000, 8_000, 5_000));
    }

    /** Target 4's 0.8: a peer holding 8,000/s and a server 6,727/s read 0.84, not the doubling sweep's 0.5. */
    @Test
    void theQuarterStepsTellPointEightFromOneHalf() throws Exception {
        List<Double> server = asked(4_000, 8_000, 7_000);
        assertEquals(6_727.0, server.get(1));
        assertEquals(0.84, server.get(1) / 8_000, 0.01);
    }

    @Test
    void ratesWithNothingBetweenThemAreLeftAlone() throws Exception {
        assertEquals(List.of(), asked(2, 3, 2));
    }

    @Test
    void refusesAPairThatIsNotHeldThenLeft() {
        assertThrows(IllegalArgumentException.class, () -> RateBisection.between(at(8_000, 20), at(16_000, 20), 2, r -> at(r, 1)));
        assertThrows(IllegalArgumentException.class, () -> RateBisection.between(at(8_000, 1), at(16_000, 1), 2, r -> at(r, 1)));
        assertThrows(IllegalArgumentException.class, () -> RateBisection.between(at(16_000, 1), at(8_000, 20), 2, r -> at(r, 1)));
    }
}
