package dev.skyport.cloudaccounts.domain;

/** A storage bucket (S3 bucket, Azure storage account, GCS bucket) that could hold Terraform state. */
public record Bucket(String name, String location) {
}
