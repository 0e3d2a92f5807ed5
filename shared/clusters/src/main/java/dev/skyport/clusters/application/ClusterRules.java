package dev.skyport.clusters.application;

import dev.skyport.clusters.domain.Catalogue;

/**
 * The rules of the clusters context an operator may tune.
 *
 * @param quota             clusters that are not DELETED one person may have
 * @param everyUserCreates  whether every verified user may create clusters ({@code SKYPORT_CLUSTERS_CREATORS=user});
 *                          by default only ADMINs may
 * @param catalogue         what Skyport provisions, per provider
 */
public record ClusterRules(int quota, boolean everyUserCreates, Catalogue catalogue) {
}
