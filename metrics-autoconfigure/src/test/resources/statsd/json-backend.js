/*
 * A StatsD backend for the tests: at each flush it prints one line
 * "BDUF-STATSD <json>" with the counters, the timer counts and the gauges of the
 * interval, so a test can read what the daemon received.
 */
exports.init = function (startupTime, config, events) {
  events.on('flush', function (timestamp, metrics) {
    console.log('BDUF-STATSD ' + JSON.stringify({
      counters: metrics.counters,
      timerCounts: metrics.timer_counters,
      gauges: metrics.gauges
    }));
  });
  return true;
};
