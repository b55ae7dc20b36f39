package dev.bduf.sample;

import java.time.Duration;

/**
 * A planned project.
 *
 * @param id its id
 * @param name its name
 * @param team the team that planned it
 * @param budget its budget in US dollars
 * @param requirementPages pages of requirements written
 * @param designPages pages of design drawn
 * @param approved whether the design review approved it
 * @param planningTime how long planning took
 */
public record Project(long id, String name, String team, double budget, int requirementPages, int designPages,
		boolean approved, Duration planningTime) {

}
