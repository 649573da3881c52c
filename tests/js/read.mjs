// Reads an open-data file as JavaScript clients do, and prints what they see
// as JSON: `node read.mjs ics FILE` (ical.js: each event's summary, start,
// end and whether it is all-day) or `node read.mjs csl FILE` (citation-js:
// the Harvard and APA references of the CSL-JSON's first item).
import { readFileSync } from "node:fs";
import { Cite } from "@citation-js/core";
import "@citation-js/plugin-csl";
import ICAL from "ical.js";

const [kind, path] = process.argv.slice(2);
const text = readFileSync(path, "utf8");

function calendarEvents(ics) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    return {
      summary: event.summary,
      start: event.startDate.toString(),
      end: event.endDate.toString(),
      allDay: event.startDate.isDate,
    };
  });
}

function references(csl) {
  const cite = new Cite(JSON.parse(csl));
  const reference = (template) =>
    cite.format("bibliography", { format: "text", template, lang: "en-US" }).trim();
  return { harvard: reference("harvard1"), apa: reference("apa") };
}

const read = { ics: calendarEvents, csl: references }[kind];
console.log(JSON.stringify(read(text)));
