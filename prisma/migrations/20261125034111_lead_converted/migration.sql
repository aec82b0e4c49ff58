-- AlterEnum
ALTER TYPE "lead_activity_type" ADD VALUE 'converted';
