/*
 * The BDUF Metrics dashboard. Plain browser JavaScript, no build step, no inline script
 * (the page's Content-Security-Policy forbids it). Every value that comes from the server
 * (meter names, tag keys and values, rule names) is put in the page with textContent,
 * never as HTML. Each section reads one actuator endpoint and says so when that endpoint
 * is not exposed, without disturbing the others.
 */
(function () {
	'use strict';

	/** The actuator base: the page is {base}dashboard, the endpoints are beside it. */
	var base = new URL('.', window.location.href);
	var pageParams = new URLSearchParams(window.location.search);

	/** Tags every series carries; left out of chart labels to keep them short. */
	var DEFAULT_TAGS = ['service', 'version', 'environment', 'instance_id'];
	/** Meters of the JVM and the web server: not picked by default. */
	var PLATFORM = /^(jvm|process|system|tomcat|jetty|executor|disk|logback|application|http|hikaricp|jdbc|spring|lettuce|netty)\./;
	var MAX_SERIES = 10;
	var MAX_LIVE_POINTS = 180;
	var REFRESH_MS = 5000;
	var COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

	var links = null; // endpoint ids the actuator lists, or null when discovery is off

	// ---------------------------------------------------------------- helpers

	function byId(id) {
		return document.getElementById(id);
	}

	function el(tag, text, className) {
		var node = document.createElement(tag);
		if (text !== undefined && text !== null) {
			node.textContent = String(text);
		}
		if (className) {
			node.className = className;
		}
		return node;
	}

	function endpointUrl(path, params) {
		var url = new URL(path, base);
		Object.keys(params || {}).forEach(function (key) {
			var value = params[key];
			if (Array.isArray(value)) {
				value.forEach(function (v) { url.searchParams.append(key, v); });
			}
			else if (value !== undefined && value !== null && value !== '') {
				url.searchParams.set(key, value);
			}
		});
		return url;
	}

	/** Whether the actuator lists an endpoint (true when it cannot tell). */
	function exposed(id) {
		if (links === null) {
			return true;
		}
		// an endpoint's links are "id" for its root and "id-selector" for the rest
		return Object.keys(links).some(function (key) { return key === id || key.indexOf(id + '-') === 0; });
	}

	/** GET JSON: resolves to {status, body}; body is null when the answer is not JSON. */
	function getJson(path, params) {
		return fetch(endpointUrl(path, params), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
			.then(function (response) {
				return response.text().then(function (text) {
					var body = null;
					try {
						body = text ? JSON.parse(text) : null;
					}
					catch (ignored) {
						body = null;
					}
					return { status: response.status, body: body };
				});
			});
	}

	function setSection(id, state, message) {
		var section = byId(id);
		section.dataset.state = state;
		var status = byId(id + '-status');
		if (status && message !== undefined) {
			status.textContent = message;
		}
	}

	function unavailable(id, endpoint) {
		setSection(id, 'unavailable', 'The ' + endpoint + ' endpoint is not exposed: add it to '
			+ 'management.endpoints.web.exposure.include to see this part.');
	}

	function failed(id, endpoint, answer) {
		if (answer && answer.status === 404) {
			unavailable(id, endpoint);
			return;
		}
		var detail = answer && answer.body && (answer.body.error || answer.body.message);
		setSection(id, 'error', endpoint + ' answered ' + (answer ? answer.status : 'nothing')
			+ (detail ? ': ' + detail : ''));
	}

	function number(value) {
		if (value === null || value === undefined || value === '') {
			return '–';
		}
		var n = Number(value);
		if (!isFinite(n)) {
			return String(value);
		}
		if (n !== 0 && (Math.abs(n) >= 1e9 || Math.abs(n) < 1e-3)) {
			return n.toExponential(3);
		}
		return n.toLocaleString(undefined, { maximumFractionDigits: 3 });
	}

	function tagText(tags, all) {
		if (!tags || typeof tags !== 'object') {
			return '';
		}
		return Object.keys(tags).sort()
			.filter(function (key) { return all || DEFAULT_TAGS.indexOf(key) < 0; })
			.map(function (key) { return key + '=' + tags[key]; })
			.join(', ');
	}

	function time(value, withDate) {
		var date = new Date(value);
		if (isNaN(date.getTime())) {
			return String(value);
		}
		return withDate
			? date.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false })
			: date.toLocaleTimeString([], { hour12: false });
	}

	function instant(value) {
		return (typeof value === 'number') ? (value < 1e11 ? value * 1000 : value) : Date.parse(value);
	}

	function row(cells) {
		var tr = document.createElement('tr');
		cells.forEach(function (cell) {
			var td;
			if (cell instanceof Node) {
				td = document.createElement('td');
				td.appendChild(cell);
			}
			else if (cell && typeof cell === 'object') {
				td = el('td', cell.text, cell.className);
			}
			else {
				td = el('td', cell);
			}
			tr.appendChild(td);
		});
		return tr;
	}

	function badge(state) {
		var span = el('span', state, 'badge');
		span.dataset.state = String(state);
		return span;
	}

	function figure(list, term, value) {
		list.appendChild(el('dt', term));
		var dd = document.createElement('dd');
		if (value instanceof Node) {
			dd.appendChild(value);
		}
		else {
			dd.textContent = (value === undefined || value === null) ? '–' : String(value);
		}
		list.appendChild(dd);
	}

	function chartsAvailable() {
		return typeof window.Chart === 'function';
	}

	function lineChart(canvas, withDate) {
		if (!chartsAvailable()) {
			return null;
		}
		return new window.Chart(canvas, {
			type: 'line',
			data: { datasets: [] },
			options: {
				animation: false,
				parsing: false,
				normalized: true,
				responsive: true,
				maintainAspectRatio: false,
				interaction: { mode: 'nearest', intersect: false },
				elements: { point: { radius: 0, hitRadius: 6 }, line: { borderWidth: 1.5, tension: 0 } },
				scales: {
					x: { type: 'linear', ticks: { maxTicksLimit: 8, callback: function (v) { return time(v, withDate()); } } },
					y: { ticks: { callback: function (v) { return number(v); } } }
				},
				plugins: {
					legend: { position: 'bottom', labels: { boxWidth: 12 } },
					tooltip: { callbacks: { title: function (items) { return items.length ? time(items[0].parsed.x, true) : ''; } } }
				}
			}
		});
	}

	function dataset(label, index) {
		var color = COLORS[index % COLORS.length];
		return { label: label, data: [], borderColor: color, backgroundColor: color };
	}

	function pickDefault(names, wanted) {
		if (wanted && names.indexOf(wanted) >= 0) {
			return wanted;
		}
		for (var i = 0; i < names.length; i++) {
			if (!PLATFORM.test(names[i])) {
				return names[i];
			}
		}
		return names.length ? names[0] : '';
	}

	function fillSelect(select, names, selected) {
		var current = Array.prototype.map.call(select.options, function (o) { return o.value; });
		if (current.join('\n') !== names.join('\n')) {
			select.replaceChildren();
			names.forEach(function (name) {
				var option = el('option', name);
				option.value = name;
				select.appendChild(option);
			});
		}
		select.value = selected;
	}

	// ---------------------------------------------------------------- live

	var live = {
		source: null,
		chart: null,
		meter: pageParams.get('meter') || '',
		names: [],
		series: {}, // key -> latest series JSON
		datasets: {}, // key -> Chart.js dataset of the chosen meter
		points: 0,
		events: 0,
		retry: null
	};

	function liveKey(series) {
		return series.name + '\u0000' + JSON.stringify(series.tags || {});
	}

	function liveValue(series) {
		var stat = byId('live-stat').value;
		if (stat !== 'auto') {
			return series[stat];
		}
		var kind = String(series.kind || '').toLowerCase();
		if (kind.indexOf('timer') >= 0 || kind.indexOf('summary') >= 0 || kind.indexOf('distribution') >= 0) {
			return (series.mean !== undefined && series.mean !== null) ? series.mean : series.value;
		}
		return (series.value !== undefined && series.value !== null) ? series.value : series.count;
	}

	function resetLiveChart() {
		live.datasets = {};
		if (live.chart) {
			live.chart.data.datasets = [];
			live.chart.update('none');
		}
	}

	function startLive() {
		if (live.source) {
			live.source.close();
			live.source = null;
		}
		window.clearTimeout(live.retry);
		if (!exposed('metricstream')) {
			unavailable('live', 'metricstream');
			return;
		}
		if (typeof window.EventSource !== 'function') {
			setSection('live', 'error', 'This browser has no EventSource.');
			return;
		}
		var glob = byId('live-glob').value.trim();
		var params = { interval: pageParams.get('interval') || '1s' };
		if (glob) {
			params.name = glob;
		}
		var source = new EventSource(endpointUrl('metricstream', params));
		live.source = source;
		setSection('live', 'loading', 'Connecting to metricstream…');
		source.onopen = function () {
			setSection('live', 'streaming', 'Streaming' + (glob ? ' ' + glob : ' every meter') + '…');
		};
		source.onmessage = function (event) {
			var update;
			try {
				update = JSON.parse(event.data);
			}
			catch (ignored) {
				return;
			}
			onLiveUpdate(update);
		};
		source.addEventListener('alert', function (event) {
			try {
				onAlertEvent(JSON.parse(event.data));
			}
			catch (ignored) {
				// not an alert event
			}
		});
		source.onerror = function () {
			if (source.readyState === EventSource.CLOSED) {
				setSection('live', 'error', 'The stream closed; trying again in 5 s.');
				live.retry = window.setTimeout(startLive, 5000);
			}
			else {
				setSection('live', 'loading', 'Reconnecting to metricstream…');
			}
		};
	}

	function onLiveUpdate(update) {
		var list = Array.isArray(update.series) ? update.series : [];
		var at = instant(update.time);
		if (isNaN(at)) {
			at = Date.now();
		}
		live.events++;
		var names = {};
		list.forEach(function (series) {
			if (series && typeof series.name === 'string') {
				names[series.name] = true;
				live.series[liveKey(series)] = series;
			}
		});
		Object.keys(names).forEach(function (name) {
			if (live.names.indexOf(name) < 0) {
				live.names.push(name);
			}
		});
		live.names.sort();
		var meter = pickDefault(live.names, live.meter);
		if (meter !== live.meter) {
			live.meter = meter;
			resetLiveChart();
		}
		fillSelect(byId('live-meter'), live.names, live.meter);
		var shown = 0;
		var total = 0;
		list.forEach(function (series) {
			if (!series || series.name !== live.meter) {
				return;
			}
			total++;
			var key = liveKey(series);
			var set = live.datasets[key];
			if (!set) {
				if (Object.keys(live.datasets).length >= MAX_SERIES) {
					return;
				}
				set = dataset(tagText(series.tags) || series.name, Object.keys(live.datasets).length);
				live.datasets[key] = set;
				if (live.chart) {
					live.chart.data.datasets.push(set);
				}
			}
			var value = Number(liveValue(series));
			if (isFinite(value)) {
				set.data.push({ x: at, y: value });
				if (set.data.length > MAX_LIVE_POINTS) {
					set.data.shift();
				}
				live.points++;
				shown++;
			}
		});
		if (live.chart) {
			live.chart.update('none');
		}
		var section = byId('live');
		section.dataset.points = String(live.points);
		section.dataset.events = String(live.events);
		setSection('live', 'streaming', (live.meter ? live.meter + ': ' : '') + shown + ' of ' + total
			+ ' series charted, update ' + (update.seq !== undefined ? '#' + update.seq : live.events)
			+ ' at ' + time(at) + (update.mode ? ' (' + update.mode + ')' : '')
			+ (update.dropped ? ', ' + update.dropped + ' updates dropped' : ''));
		renderLiveTable();
		byId('clock').textContent = 'updated ' + time(Date.now());
	}

	function renderLiveTable() {
		var body = byId('live-table').tBodies[0];
		body.replaceChildren();
		Object.keys(live.series).sort().forEach(function (key) {
			var series = live.series[key];
			if (series.name !== live.meter) {
				return;
			}
			body.appendChild(row([series.name, el('span', tagText(series.tags) || '(no tags)', 'tags'),
				{ text: number(series.value), className: 'num' }, { text: number(series.count), className: 'num' },
				{ text: number(series.mean), className: 'num' }, { text: number(series.max), className: 'num' },
				{ text: number(series.p95), className: 'num' }]));
		});
	}

	// ---------------------------------------------------------------- history

	var history = { chart: null, loads: 0, request: 0, range: '1h' };

	function loadHistoryNames() {
		if (!exposed('timeseries')) {
			unavailable('history', 'timeseries');
			return Promise.resolve();
		}
		return getJson('timeseries').then(function (answer) {
			if (answer.status !== 200 || !answer.body) {
				failed('history', 'timeseries', answer);
				return;
			}
			var names = Array.isArray(answer.body.names) ? answer.body.names.slice().sort() : [];
			var select = byId('history-name');
			var wanted = select.value || pageParams.get('history') || live.meter;
			fillSelect(select, names, pickDefault(names, wanted));
			if (!names.length) {
				setSection('history', 'empty', 'No history yet: the first step has not been taken.');
				return;
			}
			return loadHistory();
		}, function (error) {
			setSection('history', 'error', 'timeseries could not be read: ' + error);
		});
	}

	function loadHistory() {
		var name = byId('history-name').value;
		if (!name) {
			return Promise.resolve();
		}
		var range = byId('history-range').value;
		var stat = byId('history-stat').value;
		var request = ++history.request;
		var params = { from: '-' + range, to: 'now', stat: stat };
		setSection('history', 'loading', 'Loading ' + name + ' over ' + range + '…');
		return getJson('timeseries/' + encodeURIComponent(name), params).then(function (answer) {
			if (request !== history.request) {
				return; // a newer request is on its way
			}
			if (answer.status !== 200 || !answer.body) {
				failed('history', 'timeseries', answer);
				return;
			}
			renderHistory(answer.body, range, stat);
		}, function (error) {
			setSection('history', 'error', 'timeseries could not be read: ' + error);
		});
	}

	function renderHistory(body, range, stat) {
		var series = Array.isArray(body.series) ? body.series : [];
		var datasets = [];
		var points = 0;
		series.slice(0, MAX_SERIES).forEach(function (one, index) {
			var set = dataset(tagText(one.tags) || body.name, index);
			var byTime = (one.points && typeof one.points === 'object') ? one.points : {};
			Object.keys(byTime).forEach(function (at) {
				var values = byTime[at] || {};
				var value = Number(values[stat]);
				var x = instant(isNaN(Number(at)) ? at : Number(at));
				if (isFinite(value) && !isNaN(x)) {
					set.data.push({ x: x, y: value });
				}
			});
			set.data.sort(function (a, b) { return a.x - b.x; });
			points += set.data.length;
			datasets.push(set);
		});
		history.range = range;
		if (history.chart) {
			history.chart.data.datasets = datasets;
			history.chart.update('none');
		}
		history.loads++;
		var section = byId('history');
		section.dataset.loads = String(history.loads);
		section.dataset.range = range;
		section.dataset.stat = stat;
		section.dataset.points = String(points);
		setSection('history', points ? 'loaded' : 'empty', body.name + ', ' + stat + ' over ' + range + ': '
			+ points + ' points in ' + series.length + ' series'
			+ (series.length > MAX_SERIES ? ' (' + MAX_SERIES + ' charted)' : '')
			+ (body.step ? ', step ' + body.step : '') + (body.rollup ? ', from the ' + body.rollup + ' rollup' : '')
			+ (body.truncated ? ', truncated' : ''));
	}

	// ---------------------------------------------------------------- alerts

	var alerts = { rules: [], active: {}, recent: [], loaded: false };

	function alertKey(alert) {
		return (alert.rule || alert.name || '') + '\u0000' + JSON.stringify(alert.tags || {});
	}

	function asList(value) {
		if (Array.isArray(value)) {
			return value;
		}
		if (value && typeof value === 'object') {
			return Object.keys(value).map(function (key) {
				var item = value[key];
				return (item && typeof item === 'object' && !item.name && !item.rule)
					? Object.assign({ name: key }, item) : item;
			});
		}
		return [];
	}

	function loadAlerts() {
		if (!exposed('alerts')) {
			alerts.loaded = false;
			renderAlerts();
			if (!Object.keys(alerts.active).length) {
				unavailable('alerts', 'alerts');
			}
			return Promise.resolve();
		}
		return getJson('alerts').then(function (answer) {
			if (answer.status !== 200 || !answer.body) {
				failed('alerts', 'alerts', answer);
				return;
			}
			var body = answer.body;
			alerts.rules = asList(body.rules);
			alerts.active = {};
			asList(body.active).forEach(function (alert) {
				if (alert && typeof alert === 'object') {
					alerts.active[alertKey(alert)] = alert;
				}
			});
			alerts.recent = asList(body.recent || body.events).slice(0, 50); // newest first
			alerts.loaded = true;
			renderAlerts();
		}, function (error) {
			setSection('alerts', 'error', 'alerts could not be read: ' + error);
		});
	}

	function onAlertEvent(event) {
		if (!event || typeof event !== 'object') {
			return;
		}
		var key = alertKey(event);
		if (event.state === 'FIRING' || event.state === 'PENDING') {
			alerts.active[key] = event;
		}
		else {
			delete alerts.active[key];
		}
		alerts.recent.unshift(event);
		alerts.recent = alerts.recent.slice(0, 50);
		renderAlerts();
	}

	function renderAlerts() {
		var body = byId('alerts-table').tBodies[0];
		body.replaceChildren();
		var firing = 0;
		var pending = 0;
		var activeRules = {};
		Object.keys(alerts.active).forEach(function (key) {
			var alert = alerts.active[key];
			var state = String(alert.state || 'FIRING');
			if (state === 'FIRING') {
				firing++;
			}
			else if (state === 'PENDING') {
				pending++;
			}
			activeRules[alert.rule || alert.name] = true;
			var rule = ruleNamed(alert.rule || alert.name) || {};
			var tr = alertRow(state, alert.rule || alert.name, alert.metric, alert.tags, alert.value,
				threshold(alert.operator || rule.operator, alert.threshold, rule.kind), alert.severity, alert.since);
			tr.className = state.toLowerCase();
			body.appendChild(tr);
		});
		alerts.rules.forEach(function (rule) {
			if (!rule || typeof rule !== 'object') {
				return;
			}
			var name = rule.name || rule.rule;
			if (activeRules[name]) {
				return;
			}
			var state = String(rule.state || 'INACTIVE');
			if (state === 'FIRING') {
				firing++;
			}
			body.appendChild(alertRow(state, name, rule.metric, rule.tags, rule.value,
				threshold(rule.operator, rule.threshold, rule.kind), rule.severity, rule.since));
		});
		var list = byId('alerts-recent');
		list.replaceChildren();
		alerts.recent.slice(0, 20).forEach(function (event) {
			if (!event || typeof event !== 'object') {
				return;
			}
			var item = document.createElement('li');
			item.appendChild(el('span', time(event.since || event.time, true) + ' '));
			item.appendChild(badge(event.state));
			item.appendChild(el('span', ' ' + (event.rule || '') + ' on ' + (event.metric || '') + ' '));
			item.appendChild(el('span', tagText(event.tags), 'tags'));
			item.appendChild(el('span', ' value ' + number(event.value)
				+ (event.previous ? ' (was ' + event.previous + ')' : '')));
			list.appendChild(item);
		});
		var section = byId('alerts');
		section.dataset.firing = String(firing);
		var rules = alerts.rules.length;
		setSection('alerts', firing ? 'firing' : 'quiet', firing + ' firing, ' + pending + ' pending'
			+ (alerts.loaded ? ', ' + rules + ' rule' + (rules === 1 ? '' : 's') : ''));
	}

	function ruleNamed(name) {
		for (var i = 0; i < alerts.rules.length; i++) {
			var rule = alerts.rules[i];
			if (rule && (rule.name === name || rule.rule === name)) {
				return rule;
			}
		}
		return null;
	}

	function threshold(operator, value, kind) {
		if (value === null || value === undefined) {
			return kind === 'anomaly' ? 'anomaly' : '–';
		}
		return (operator ? operator + ' ' : '') + number(value);
	}

	function alertRow(state, rule, metric, tags, value, limit, severity, since) {
		return row([badge(state), rule || '', metric || '', el('span', tagText(tags, false), 'tags'),
			{ text: number(value), className: 'num' }, { text: limit, className: 'num' },
			severity || '', since ? time(since, true) : '']);
	}

	// ---------------------------------------------------------------- business

	function loadBusiness() {
		if (!exposed('business')) {
			unavailable('business', 'business');
			return Promise.resolve();
		}
		var period = byId('business-period').value;
		return Promise.all([getJson('business', { period: period }), getJson('business/roi', { period: period })])
			.then(function (answers) {
				var report = answers[0];
				var roi = answers[1];
				if (report.status !== 200 || !report.body) {
					failed('business', 'business', report);
					return;
				}
				renderRoi(roi.status === 200 ? roi.body : null);
				renderBusiness(report.body);
			}, function (error) {
				setSection('business', 'error', 'business could not be read: ' + error);
			});
	}

	function renderRoi(roi) {
		var list = byId('roi');
		list.replaceChildren();
		if (!roi || !roi.base) {
			return;
		}
		var currency = roi.baseCurrency || '';
		figure(list, 'ROI', (roi.base.roi === null || roi.base.roi === undefined) ? 'n/a (no net cost)'
			: number(Number(roi.base.roi) * 100) + ' %');
		figure(list, 'Value', number(roi.base.value) + ' ' + currency);
		figure(list, 'Net cost', number(roi.base.netCost) + ' ' + currency + ' (charges ' + number(roi.base.charges)
			+ ', refunds ' + number(roi.base.refunds) + ')');
		Object.keys(roi.byCurrency || {}).forEach(function (code) {
			var line = roi.byCurrency[code] || {};
			figure(list, code, 'value ' + number(line.value) + ', net cost ' + number(line.netCost) + ', ROI '
				+ ((line.roi === null || line.roi === undefined) ? 'n/a' : number(Number(line.roi) * 100) + ' %'));
		});
		if (Array.isArray(roi.unconverted) && roi.unconverted.length) {
			figure(list, 'No rate for', roi.unconverted.join(', '));
		}
	}

	function renderBusiness(report) {
		var body = byId('business-table').tBodies[0];
		body.replaceChildren();
		var lines = Array.isArray(report.metrics) ? report.metrics : [];
		lines.forEach(function (line) {
			var tags = Object.assign({}, line.tags);
			delete tags.business; // every business meter has it
			body.appendChild(row([line.name, el('span', tagText(tags), 'tags'),
				{ text: number(line.count), className: 'num' },
				{ text: number(line.total) + (line.baseUnit ? ' ' + line.baseUnit : ''), className: 'num' },
				{ text: number(line.mean), className: 'num' }]));
		});
		setSection('business', 'loaded', lines.length + ' business series, ' + number(report.distinctUsers)
			+ ' distinct users' + (report.failures ? ', ' + report.failures + ' failures' : '')
			+ (report.dataSince ? ', data since ' + time(report.dataSince, true) : ''));
	}

	// ---------------------------------------------------------------- collector and health

	function loadCollector() {
		var health = exposed('health') ? getJson('health').then(renderHealth, function () { renderHealth(null); })
			: Promise.resolve(renderHealth(null));
		if (!exposed('collector')) {
			unavailable('collector', 'collector');
			return health;
		}
		var collector = getJson('collector').then(function (answer) {
			if (answer.status !== 200 || !answer.body) {
				failed('collector', 'collector', answer);
				return;
			}
			renderCollector(answer.body);
		}, function (error) {
			setSection('collector', 'error', 'collector could not be read: ' + error);
		});
		return Promise.all([health, collector]);
	}

	function renderHealth(answer) {
		var badgeNode = byId('health');
		if (!answer || !answer.body || !answer.body.status) {
			badgeNode.dataset.state = 'unknown';
			badgeNode.textContent = 'health: not exposed';
			return;
		}
		var status = String(answer.body.status);
		var component = answer.body.components && answer.body.components.metricsCollector;
		badgeNode.dataset.state = component && component.status ? String(component.status) : status;
		badgeNode.textContent = 'application ' + status + (component && component.status
			? ', collector ' + component.status : '');
	}

	function renderCollector(body) {
		var list = byId('collector-figures');
		list.replaceChildren();
		var health = body.health || {};
		figure(list, 'Health', badge(health.status || 'UNKNOWN'));
		if (Array.isArray(health.reasons) && health.reasons.length) {
			figure(list, 'Reasons', health.reasons.join('; '));
		}
		figure(list, 'Recorded', number(body.recorded) + ' of ' + number(body.attempted) + ' attempted');
		figure(list, 'Rejected', number(body.rejected));
		var reasons = body.rejectedByReason || {};
		Object.keys(reasons).forEach(function (reason) {
			if (Number(reasons[reason]) > 0) {
				figure(list, '  ' + reason, number(reasons[reason]));
			}
		});
		figure(list, 'Overflowed', number(body.overflowed));
		figure(list, 'Names / series', number(body.names) + ' / ' + number(body.series));
		figure(list, 'Timers open', number(body.timersOpen));
		if (body.since) {
			figure(list, 'Since', time(body.since, true));
		}
		var table = byId('collector-names').tBodies[0];
		table.replaceChildren();
		var perName = body.seriesPerName || {};
		Object.keys(perName).slice(0, 10).forEach(function (name) {
			table.appendChild(row([name, { text: number(perName[name]), className: 'num' }]));
		});
		setSection('collector', 'loaded', 'Collector ' + (health.status || 'state unknown'));
	}

	// ---------------------------------------------------------------- start

	function discover() {
		// the actuator's links are at the base path without its trailing slash
		var root = base.pathname.length > 1 ? base.pathname.replace(/\/$/, '') : base.pathname;
		return getJson(root).then(function (answer) {
			links = (answer.status === 200 && answer.body && answer.body._links) ? answer.body._links : null;
		}, function () {
			links = null;
		});
	}

	function start() {
		var glob = pageParams.get('live');
		if (glob) {
			byId('live-glob').value = glob;
		}
		var range = pageParams.get('range');
		if (range) {
			byId('history-range').value = range;
		}
		if (!chartsAvailable()) {
			['live', 'history'].forEach(function (id) {
				byId(id + '-status').textContent = 'Charts are unavailable (Chart.js did not load); values still update.';
			});
		}
		live.chart = lineChart(byId('live-chart'), function () { return false; });
		history.chart = lineChart(byId('history-chart'), function () {
			return history.range === '24h' || history.range === '7d';
		});
		byId('live-form').addEventListener('submit', function (event) {
			event.preventDefault();
			live.names = [];
			live.series = {};
			live.meter = '';
			resetLiveChart();
			startLive();
		});
		byId('live-meter').addEventListener('change', function (event) {
			live.meter = event.target.value;
			resetLiveChart();
			renderLiveTable();
		});
		byId('live-stat').addEventListener('change', resetLiveChart);
		byId('history-form').addEventListener('submit', function (event) { event.preventDefault(); });
		['history-name', 'history-range', 'history-stat'].forEach(function (id) {
			byId(id).addEventListener('change', loadHistory);
		});
		byId('business-form').addEventListener('submit', function (event) { event.preventDefault(); });
		byId('business-period').addEventListener('change', loadBusiness);

		discover().then(function () {
			startLive();
			loadHistoryNames();
			loadAlerts();
			loadBusiness();
			loadCollector();
			window.setInterval(function () {
				loadAlerts();
				loadCollector();
			}, REFRESH_MS);
			window.setInterval(loadBusiness, 6 * REFRESH_MS);
			window.setInterval(function () {
				if (!byId('history-name').value) {
					loadHistoryNames();
				}
				else {
					loadHistory();
				}
			}, 6 * REFRESH_MS);
		});
	}

	if (document.readyState === 'loading') {
		document.addEventListener('DOMContentLoaded', start);
	}
	else {
		start();
	}
})();
