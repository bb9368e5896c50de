"""treatment"""
